import type { Db, Tx } from '../db/database.js';
import { insertAudit, setLanguageOfOpenCases } from '../db/repositories/cases.repository.js';
import {
  findChosenLanguage,
  findChosenLanguages,
  lockChosenLanguage,
  saveChosenLanguage,
} from '../db/repositories/holder-languages.repository.js';
import {
  formatMessageData,
  formatMessageDate,
  formatMessageInstant,
  formatMessageMoney,
  holderMessageLanguage,
  type MessageLanguage,
} from '../domain/message-formats.js';
import type { ServiceContext } from './context.js';
import type { SessionKind } from '../domain/actors.js';

/**
 * Which language each holder reads simexit's messages in. The portal sends the language it is shown
 * in (Accept-Language, web/shared/api.ts); when the holder signs in or acts there, that choice is
 * recorded for the holder and carried onto their open cases, whose messages are written in
 * `cases.language`. Messages outside a case (codes, safety alerts, replies to texted keywords, bulk
 * notices) look the holder's choice up here, then the account's language in the CRM, then the market's.
 */

/** The language the holder last chose in the portal, or null. */
export async function chosenLanguage(db: Db | Tx, subscriberId: string): Promise<MessageLanguage | null> {
  return findChosenLanguage(db, subscriberId);
}

/** The portal choices of many holders at once (a bulk run's batch): one indexed read. */
export async function chosenLanguages(
  db: Db | Tx,
  subscriberIds: readonly string[],
): Promise<Map<string, MessageLanguage>> {
  return findChosenLanguages(db, subscriberIds);
}

/** The language of a message to a holder outside a case: their portal choice, the CRM's, the market's. */
export async function holderLanguage(
  db: Db | Tx,
  holder: { subscriberId: string; accountLanguage: string | null; marketLanguage: string },
): Promise<MessageLanguage> {
  return holderMessageLanguage({
    chosen: await chosenLanguage(db, holder.subscriberId),
    account: holder.accountLanguage,
    marketLanguage: holder.marketLanguage,
  });
}

/** A message's language and how dates, amounts and data read in it, for one holder in one market. */
export interface MessageStyle {
  language: MessageLanguage;
  /** An instant in the market's time zone, naming it. */
  at(instant: Date): string;
  /** A calendar date (YYYY-MM-DD). */
  day(isoDate: string): string;
  money(minor: number, currency: string): string;
  data(megabytes: number): string;
}

export function messageStyle(language: MessageLanguage, policy: { language: string; timeZone: string }): MessageStyle {
  return {
    language,
    at: (instant) => formatMessageInstant(instant, policy.timeZone, language, policy.language),
    day: (isoDate) => formatMessageDate(isoDate, language, policy.language),
    money: (minor, currency) => formatMessageMoney(minor, currency, language, policy.language),
    data: (megabytes) => formatMessageData(megabytes, language, policy.language),
  };
}

/** The style of a message to a holder outside a case ({@link holderLanguage}). */
export async function holderMessageStyle(
  db: Db | Tx,
  holder: { subscriberId: string; accountLanguage: string | null },
  policy: { language: string; timeZone: string },
): Promise<MessageStyle> {
  const language = await holderLanguage(db, { ...holder, marketLanguage: policy.language });
  return messageStyle(language, policy);
}

/**
 * Records the language the holder uses the portal in, or the one they asked an agent for when a case
 * was filed at the desk (`by` the staff member), in the caller's transaction: their choice from now
 * on, and the language of their open cases' further messages. Nothing is written when it is the
 * language already on record; a change is audited with who recorded it.
 */
export async function recordLanguageChoice(
  context: ServiceContext,
  tx: Tx,
  subscriberId: string,
  language: MessageLanguage,
  by: { kind: SessionKind; id: string } = { kind: 'subscriber', id: subscriberId },
): Promise<void> {
  const now = context.clock.now();
  const before = await lockChosenLanguage(tx, subscriberId);
  if (before === language) return;
  await saveChosenLanguage(tx, subscriberId, language, now);
  await setLanguageOfOpenCases(tx, subscriberId, language);
  await insertAudit(tx, {
    subscriberId,
    actorKind: by.kind,
    actorId: by.id,
    action: 'holder.language_chosen',
    target: `subscriber:${subscriberId}`,
    data: { from: before, to: language },
    at: now,
  });
}
