import { randomInt } from 'node:crypto';
import { insertAudit } from '../db/repositories/cases.repository.js';
import { caseContactsFor, recipientsOf } from '../domain/contacts.js';
import { isSimexitError } from '../domain/errors.js';
import { maskMsisdn } from '../domain/identifiers.js';
import { renderSwitchingCodeIssued } from '../domain/notifications.js';
import { pacBlockedUntil, simChangedWithinWindow } from '../domain/port-out.js';
import type { ChecklistItem } from '../domain/eligibility.js';
import { localDate } from '../domain/working-days.js';
import { answerCallConfirmation, newConfirmationReference, openConfirmations } from './call-confirmations.service.js';
import { inTransaction, type ServiceContext } from './context.js';
import { checklistFor } from './eligibility.service.js';
import { fileCaseBySms } from './intake.service.js';
import { lineLockView } from './line-locks.service.js';
import { officialChannels, queueMessage, queueToRecipients } from './notifications.service.js';
import { caseReference, formatInstant } from './presenters.js';

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
const DAY = 86_400_000;
const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

const letters = (n: number) => Array.from({ length: n }, () => LETTERS[randomInt(LETTERS.length)]).join('');
const digits = (n: number) => Array.from({ length: n }, () => String(randomInt(10))).join('');

/** PACs are three letters then six digits; STACs six digits then three letters (Ofcom's formats). */
function newCode(kind: 'PAC' | 'STAC'): string {
  return kind === 'PAC' ? `${letters(3)}${digits(6)}` : `${digits(6)}${letters(3)}`;
}

function money(minor: number, currency: string): string {
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(minor / 100);
}

/** What leaving costs and what is left, in the words the text-to-switch rules ask for. */
function termsText(items: ChecklistItem[], currency: string): string {
  // A switch ends the contract on the day the new provider takes over: during a minimum term that is an
  // early exit, whose charge Ofcom GC C7 wants in the reply.
  const end = items.find((item) => item.kind === 'contract_end');
  const balance = items.find((item) => item.kind === 'balance');
  const debt = items.find((item) => item.kind === 'debt');
  const parts = [
    end?.kind === 'contract_end' && end.earlyExitChargeMinor !== null
      ? `Early termination charge: ${money(end.earlyExitChargeMinor, currency)} (contract runs to ${end.minimumTermEndsOn}).`
      : 'No early termination charge.',
    balance?.kind === 'balance'
      ? `Prepaid balance: ${money(balance.creditMinor, currency)}${balance.dataMb > 0 ? ` and ${balance.dataMb} MB data` : ''}.`
      : 'No prepaid balance.',
  ];
  if (debt?.kind === 'debt' && debt.status === 'blocking')
    parts.push(`Unpaid bills: ${money(debt.amountMinor, currency)}.`);
  return parts.join(' ');
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
  const reply = (body: string, key: string) =>
    inTransaction(context, (tx) =>
      queueMessage(context, tx, {
        subscriberId: line.subscriberId,
        caseId: null,
        channel: 'sms',
        to: line.msisdn,
        template: `keyword_${(keyword ?? 'unknown').toLowerCase()}`,
        subject: keyword ?? 'simexit',
        body: `${body} Cancelling is free. Official channels only: ${officialChannels(context)}`,
        dedupeKey: key,
      }),
    );
  const replyKey = `sms:${line.msisdn}:${now.getTime()}:${randomInt(1e9)}`;

  if (!keyword || !(smsKeywords as readonly string[]).includes(keyword)) {
    await reply(
      'Text PAC to move your number, STAC to end your contract, INFO for charges and balance, CANCEL to cancel this line.',
      replyKey,
    );
    return null;
  }
  const { checklist, policy } = await checklistFor(context, line, {
    acceptEarlyTerminationCharge: false,
    balance: null,
    acknowledgedServiceIds: [],
  });
  const terms = termsText(checklist.items, policy.currency);

  if (keyword === 'PAC' || keyword === 'STAC') {
    if (line.market !== 'UK') {
      await reply(
        `${keyword} codes are a UK service. Text INFO for your charges and balance, or CANCEL to cancel.`,
        replyKey,
      );
      return keyword;
    }
    const lock = await lineLockView(context, line.msisdn);
    if (lock.locked) {
      await reply(
        `We cannot issue a ${keyword}: you locked this number against porting and cancellation. To lift the ` +
          `lock, sign in at ${context.config.PUBLIC_URL} with your account login.`,
        replyKey,
      );
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
        await reply(
          `We cannot issue a PAC yet: the SIM card of this number was changed recently, and to protect you ` +
            `from number theft a PAC can be requested from ${formatInstant(blockedUntil, policy.timeZone)}. ` +
            `If you did not change your SIM, call us at once.`,
          replyKey,
        );
        return keyword;
      }
    }
    const code = newCode(keyword);
    const expiresAt = new Date(now.getTime() + CODE_VALID_DAYS * DAY);
    const subscriber = await context.ports.crm.getSubscriber(line.subscriberId);
    await inTransaction(context, async (tx) => {
      await tx
        .insertInto('switching_codes')
        .values({
          code,
          kind: keyword,
          msisdn: line.msisdn,
          subscriber_id: line.subscriberId,
          issued_at: now,
          expires_at: expiresAt,
        })
        .execute();
      // Every other contact on file hears that a code was issued, in the same transaction as the code.
      if (subscriber) {
        const notice = renderSwitchingCodeIssued(keyword, {
          maskedMsisdn: maskMsisdn(line.msisdn),
          issuedAt: formatInstant(now, policy.timeZone),
          validUntil: localDate(expiresAt, policy.timeZone),
          officialChannels: officialChannels(context),
        });
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
    await reply(`Your ${keyword} is ${code}, valid until ${localDate(expiresAt, policy.timeZone)}. ${terms}`, replyKey);
    return keyword;
  }
  if (keyword === 'INFO') {
    await reply(terms, replyKey);
    return keyword;
  }
  const given = message.text.trim().split(/\s+/)[1]?.toUpperCase() ?? '';
  const open = await openConfirmations(context, line.msisdn);
  if (keyword === 'NO') {
    // "This wasn't me" only stops something: it is taken even from a SIM changed recently.
    const call = open.find((pending) => pending.purpose === 'agent_call' && pending.reference === given);
    if (!call) {
      await reply('There is nothing to answer with that reference.', replyKey);
      return keyword;
    }
    await answerCallConfirmation(context, call, 'deny', 'sms');
    await reply(
      'Thank you. We noted that it was not you, and nothing was done on your line. All your contacts on file were told.',
      replyKey,
    );
    return keyword;
  }
  // A SIM changed recently may be in an attacker's hands: no cancellation or call confirmed by text then.
  const simChangedAt = await context.ports.simSwap.latestSimChange(line.msisdn).catch(() => undefined);
  if (simChangedWithinWindow(simChangedAt, policy, now)) {
    await reply(
      `For your safety we cannot take a cancellation or a confirmation by text: the SIM card of this line changed recently. Cancel at ${context.config.PUBLIC_URL} or in a store with ID.`,
      replyKey,
    );
    return keyword;
  }
  if (keyword === 'CANCEL') {
    if ((await lineLockView(context, line.msisdn)).locked) {
      await reply(
        `We cannot take a cancellation: you locked this line against porting and cancellation. To lift the ` +
          `lock, sign in at ${context.config.PUBLIC_URL} with your account login.`,
        replyKey,
      );
      return keyword;
    }
    const reference = newConfirmationReference();
    await inTransaction(context, async (tx) => {
      await tx
        .updateTable('line_confirmations')
        .set({ voided_at: now })
        .where('msisdn', '=', line.msisdn)
        .where('purpose', '=', 'sms_cancel')
        .where('confirmed_at', 'is', null)
        .where('voided_at', 'is', null)
        .execute();
      await tx
        .insertInto('line_confirmations')
        .values({
          id: crypto.randomUUID(),
          msisdn: line.msisdn,
          subscriber_id: line.subscriberId,
          purpose: 'sms_cancel',
          reference,
          created_at: now,
          expires_at: new Date(now.getTime() + SMS_CANCEL_CONFIRM_MINUTES * 60_000),
          confirmed_at: null,
          voided_at: null,
        })
        .execute();
      await insertAudit(tx, {
        subscriberId: line.subscriberId,
        actorKind: 'subscriber',
        actorId: null,
        action: 'sms.cancel_requested',
        target: `line:${line.msisdn}`,
        at: now,
      });
    });
    await reply(
      `To cancel this line, reply YES ${reference} within ${SMS_CANCEL_CONFIRM_MINUTES} minutes. Did not ask? Ignore this message: nothing happens. We never ask you to read a code to anyone.`,
      replyKey,
    );
    return keyword;
  }
  // YES <reference>: the round-trip that proves the request came from this line.
  const matched = open.find((pending) => pending.reference === given);
  if (matched?.purpose === 'agent_call') {
    await answerCallConfirmation(context, matched, 'confirm', 'sms');
    await reply('Thank you: the call is confirmed, and our agent can continue.', replyKey);
    return keyword;
  }
  const pending = matched ?? open[0];
  if (!pending) {
    await reply('There is nothing to confirm. Text CANCEL to cancel this line.', replyKey);
    return keyword;
  }
  if (given !== pending.reference) {
    const wrong = pending.wrong_attempts + 1;
    await context.db
      .updateTable('line_confirmations')
      .set({ wrong_attempts: wrong, ...(wrong >= SMS_CANCEL_MAX_WRONG_REFERENCES ? { voided_at: now } : {}) })
      .where('id', '=', pending.id)
      .execute();
    await reply(
      wrong >= SMS_CANCEL_MAX_WRONG_REFERENCES
        ? 'That reference is not right, so the request is void. Text CANCEL to start again.'
        : 'That reference is not right. Reply YES and the reference from our last message.',
      replyKey,
    );
    return keyword;
  }
  const claimed = await context.db
    .updateTable('line_confirmations')
    .set({ confirmed_at: now })
    .where('id', '=', pending.id)
    .where('confirmed_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!claimed) return keyword;
  try {
    const result = await fileCaseBySms(context, line.msisdn);
    await reply(
      `We are cancelling this line (${caseReference(result.case.id)}); you will get a receipt next.`,
      replyKey,
    );
  } catch (error) {
    if (!isSimexitError(error)) throw error;
    const what =
      error.code === 'CASE_NOT_ELIGIBLE'
        ? 'a few choices are needed first (charges, balance, linked services)'
        : error.message;
    await reply(`We could not start the cancellation: ${what}. Finish it at ${context.config.PUBLIC_URL}.`, replyKey);
  }
  return keyword;
}
