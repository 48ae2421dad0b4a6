import { randomInt } from 'node:crypto';
import {
  claimConfirmation,
  insertSmsCancelConfirmation,
  recordWrongReferences,
  voidOpenSmsCancels,
} from '../db/repositories/call-confirmations.repository.js';
import { insertAudit } from '../db/repositories/cases.repository.js';
import { insertSwitchingCode } from '../db/repositories/switching-codes.repository.js';
import { caseContactsFor, recipientsOf } from '../domain/contacts.js';
import { isSimexitError } from '../domain/errors.js';
import { maskMsisdn } from '../domain/identifiers.js';
import {
  renderKeywordReply,
  renderSwitchingCodeIssued,
  type KeywordReply,
  type KeywordReplyData,
  type SmsFilingProblem,
  type SwitchingTerms,
} from '../domain/notifications.js';
import { pacBlockedUntil, simChangedWithinWindow } from '../domain/port-out.js';
import type { ChecklistItem } from '../domain/eligibility.js';
import { localDate } from '../domain/working-days.js';
import { answerCallConfirmation, newConfirmationReference, openConfirmations } from './call-confirmations.service.js';
import { inTransaction, type ServiceContext } from './context.js';
import { checklistFor } from './eligibility.service.js';
import { fileCaseBySms } from './intake.service.js';
import { lineLockView } from './line-locks.service.js';
import { officialChannels, queueMessage, queueToRecipients } from './notifications.service.js';
import { caseReference } from './presenters.js';
import { currentPolicy } from './policies.service.js';
import { holderMessageStyle, type MessageStyle } from './holder-language.service.js';
import { DAY, MINUTE } from '../domain/time.js';

/**
 * Keywords a subscriber can text from the line. The UK text-to-switch rules (Ofcom General
 * Condition C7.10–C7.13, in force since 1 July 2019): texting PAC (port the number) or STAC (end
 * the contract) to the operator gets, within one minute, a code valid for 30 days together with any
 * early-termination charges and the remaining prepaid balance. INFO gives the same information
 * without a code. CANCEL asks the line to confirm with `YES <reference>`: only then is a cancellation
 * filed, proven by possession of the line (the reference reached only the real line, whatever
 * sender the SMSC reported). Neither is accepted while the SIM changed within the market's
 * SIM-swap window. `YES <reference>` also confirms an agent's call, and `NO <reference>` answers
 * "This wasn't me" to it (services/call-confirmations.service.ts).
 */
export const smsKeywords = ['PAC', 'STAC', 'INFO', 'CANCEL', 'YES', 'NO'] as const;

/** How long a CANCEL waits for its YES, and how many wrong references void it. */
export const SMS_CANCEL_CONFIRM_MINUTES = 15;
export const SMS_CANCEL_MAX_WRONG_REFERENCES = 3;
export type SmsKeyword = (typeof smsKeywords)[number];

const CODE_VALID_DAYS = 30;
const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

const letters = (n: number) => Array.from({ length: n }, () => LETTERS[randomInt(LETTERS.length)]).join('');
const digits = (n: number) => Array.from({ length: n }, () => String(randomInt(10))).join('');

/** PACs are three letters then six digits; STACs six digits then three letters (Ofcom's formats). */
function newCode(kind: 'PAC' | 'STAC'): string {
  return kind === 'PAC' ? `${letters(3)}${digits(6)}` : `${digits(6)}${letters(3)}`;
}

/** What leaving costs and what is left, as the text-to-switch rules ask, written in the holder's style. */
function termsOf(items: ChecklistItem[], currency: string, style: MessageStyle): SwitchingTerms {
  // A switch ends the contract on the day the new provider takes over: during a minimum term that is an
  // early exit, whose charge Ofcom GC C7 wants in the reply.
  const end = items.find((item) => item.kind === 'contract_end');
  const balance = items.find((item) => item.kind === 'balance');
  const debt = items.find((item) => item.kind === 'debt');
  return {
    charge:
      end?.kind === 'contract_end' && end.earlyExitChargeMinor !== null && end.minimumTermEndsOn !== null
        ? { amount: style.money(end.earlyExitChargeMinor, currency), contractEndsOn: style.day(end.minimumTermEndsOn) }
        : null,
    balance:
      balance?.kind === 'balance'
        ? {
            amount: style.money(balance.creditMinor, currency),
            data: balance.dataMb > 0 ? style.data(balance.dataMb) : null,
          }
        : null,
    debt: debt?.kind === 'debt' && debt.status === 'blocking' ? style.money(debt.amountMinor, currency) : null,
  };
}

/** Why a cancellation texted from the line could not be filed, for the reply. */
function filingProblemOf(code: string): SmsFilingProblem {
  if (code === 'CASE_NOT_ELIGIBLE') return 'not_eligible';
  if (code === 'CASE_ALREADY_OPEN') return 'already_open';
  if (code === 'LINE_LOCKED') return 'locked';
  return 'other';
}

/**
 * Handles one message a subscriber texted. Replies go through the outbox like every message.
 * @returns the keyword recognised, or null.
 */
export async function handleInboundSms(
  context: ServiceContext,
  message: { from: string; text: string },
): Promise<SmsKeyword | null> {
  const keyword = message.text.trim().split(/\s+/)[0]?.toUpperCase() as SmsKeyword | undefined;
  const line = await context.ports.crm.findLine(message.from).catch(() => null);
  if (!line || line.status !== 'active') return null;
  const now = context.clock.now();
  const [subscriber, marketPolicy] = await Promise.all([
    context.ports.crm.getSubscriber(line.subscriberId).catch(() => null),
    currentPolicy(context, line.market, context.db),
  ]);
  // Replies are written in the holder's language: their portal choice, the account's, the market's.
  const style = await holderMessageStyle(
    context.db,
    { subscriberId: line.subscriberId, accountLanguage: subscriber?.language ?? null },
    marketPolicy,
  );
  const reply = (what: KeywordReply, data: Omit<KeywordReplyData, 'url'>, key: string) =>
    inTransaction(context, (tx) =>
      queueMessage(context, tx, {
        subscriberId: line.subscriberId,
        caseId: null,
        channel: 'sms',
        to: line.msisdn,
        template: `keyword_${(keyword ?? 'unknown').toLowerCase()}`,
        subject: keyword ?? 'simexit',
        body: renderKeywordReply(what, { ...data, url: officialChannels(context) }, style.language),
        dedupeKey: key,
      }),
    );
  const replyKey = `sms:${line.msisdn}:${now.getTime()}:${randomInt(1e9)}`;

  if (!keyword || !(smsKeywords as readonly string[]).includes(keyword)) {
    await reply('help', {}, replyKey);
    return null;
  }
  const { checklist, policy } = await checklistFor(context, line, {
    acceptEarlyTerminationCharge: false,
    balance: null,
    acknowledgedServiceIds: [],
  });
  const terms = termsOf(checklist.items, policy.currency, style);

  if (keyword === 'PAC' || keyword === 'STAC') {
    if (line.market !== 'UK') {
      await reply('switching_not_here', { keyword }, replyKey);
      return keyword;
    }
    const lock = await lineLockView(context, line.msisdn);
    if (lock.locked) {
      await reply('switching_locked', { keyword }, replyKey);
      return keyword;
    }
    if (keyword === 'PAC') {
      const blockedUntil = pacBlockedUntil(await context.ports.simSwap.latestSimChange(line.msisdn), policy, now);
      if (blockedUntil) {
        // A reply the holder can act on, and a record of the refusal for staff who take the call.
        await inTransaction(context, (tx) =>
          insertAudit(tx, {
            subscriberId: line.subscriberId,
            actorKind: 'system',
            actorId: 'sms',
            action: 'switching_code.refused',
            target: `line:${line.msisdn}`,
            data: { kind: 'PAC', reason: 'recent_sim_change', blockedUntil: blockedUntil.toISOString() },
            at: now,
          }),
        );
        await reply('pac_blocked', { from: style.at(blockedUntil) }, replyKey);
        return keyword;
      }
    }
    const code = newCode(keyword);
    const expiresAt = new Date(now.getTime() + CODE_VALID_DAYS * DAY);
    const validUntil = style.day(localDate(expiresAt, policy.timeZone));
    await inTransaction(context, async (tx) => {
      await insertSwitchingCode(tx, {
        code,
        kind: keyword,
        msisdn: line.msisdn,
        subscriber_id: line.subscriberId,
        issued_at: now,
        expires_at: expiresAt,
      });
      // Every other contact on file hears that a code was issued, in the same transaction as the code.
      if (subscriber) {
        const notice = renderSwitchingCodeIssued(
          keyword,
          {
            maskedMsisdn: maskMsisdn(line.msisdn),
            issuedAt: style.at(now),
            validUntil,
            officialChannels: officialChannels(context),
          },
          style.language,
        );
        const contacts = caseContactsFor(line.msisdn, subscriber, null);
        const others = recipientsOf(contacts).filter((recipient) => recipient.key !== 'sms');
        await queueToRecipients(context, tx, {
          subscriberId: line.subscriberId,
          recipients: others,
          template: 'switching_code_issued',
          message: notice,
          dedupePrefix: `switching_code:${code}`,
        });
      }
    });
    await reply('code_issued', { keyword, code, validUntil, terms }, replyKey);
    return keyword;
  }
  if (keyword === 'INFO') {
    await reply('info', { terms }, replyKey);
    return keyword;
  }
  const given = message.text.trim().split(/\s+/)[1]?.toUpperCase() ?? '';
  const open = await openConfirmations(context, line.msisdn);
  if (keyword === 'NO') {
    // "This wasn't me" only stops something: it is taken even from a SIM changed recently.
    const call = open.find((pending) => pending.purpose === 'agent_call' && pending.reference === given);
    if (!call) {
      await reply('nothing_to_answer', {}, replyKey);
      return keyword;
    }
    await answerCallConfirmation(context, call, 'deny', 'sms');
    await reply('call_denied_thanks', {}, replyKey);
    return keyword;
  }
  // A SIM changed recently may be in an attacker's hands: no cancellation or call confirmed by text then.
  const simChangedAt = await context.ports.simSwap.latestSimChange(line.msisdn).catch(() => undefined);
  if (simChangedWithinWindow(simChangedAt, policy, now)) {
    await reply('sim_changed_recently', {}, replyKey);
    return keyword;
  }
  if (keyword === 'CANCEL') {
    if ((await lineLockView(context, line.msisdn)).locked) {
      await reply('cancel_locked', {}, replyKey);
      return keyword;
    }
    const reference = newConfirmationReference();
    await inTransaction(context, async (tx) => {
      await voidOpenSmsCancels(tx, line.msisdn, now);
      await insertSmsCancelConfirmation(tx, {
        id: crypto.randomUUID(),
        msisdn: line.msisdn,
        subscriber_id: line.subscriberId,
        reference,
        created_at: now,
        expires_at: new Date(now.getTime() + SMS_CANCEL_CONFIRM_MINUTES * MINUTE),
        confirmed_at: null,
        voided_at: null,
      });
      await insertAudit(tx, {
        subscriberId: line.subscriberId,
        actorKind: 'subscriber',
        actorId: null,
        action: 'sms.cancel_requested',
        target: `line:${line.msisdn}`,
        at: now,
      });
    });
    await reply('cancel_confirm', { reference, minutes: SMS_CANCEL_CONFIRM_MINUTES }, replyKey);
    return keyword;
  }
  // YES <reference>: the round-trip that proves the request came from this line.
  const matched = open.find((pending) => pending.reference === given);
  if (matched?.purpose === 'agent_call') {
    await answerCallConfirmation(context, matched, 'confirm', 'sms');
    await reply('call_confirmed', {}, replyKey);
    return keyword;
  }
  const pending = matched ?? open[0];
  if (!pending) {
    await reply('nothing_to_confirm', {}, replyKey);
    return keyword;
  }
  if (given !== pending.reference) {
    const wrong = pending.wrong_attempts + 1;
    await recordWrongReferences(context.db, pending.id, wrong, wrong >= SMS_CANCEL_MAX_WRONG_REFERENCES ? now : null);
    await reply(wrong >= SMS_CANCEL_MAX_WRONG_REFERENCES ? 'wrong_reference_void' : 'wrong_reference', {}, replyKey);
    return keyword;
  }
  if (!(await claimConfirmation(context.db, pending.id, now))) return keyword;
  try {
    const result = await fileCaseBySms(context, line.msisdn);
    await reply('cancelling', { reference: caseReference(result.case.id) }, replyKey);
  } catch (error) {
    if (!isSimexitError(error)) throw error;
    await reply('could_not_start', { problem: filingProblemOf(error.code) }, replyKey);
  }
  return keyword;
}
