import { SimexitError } from '../domain/errors.js';
import { maskMsisdn } from '../domain/identifiers.js';
import { letterTexts, type LetterTexts } from '../domain/letters.js';
import {
  formatMessageData,
  formatMessageDate,
  formatMessageInstant,
  formatMessageMoney,
  messageLanguageFor,
  type MessageLanguage,
} from '../domain/message-formats.js';
import type { MarketPolicy, ProductType } from '../domain/policy/types.js';
import { noticesOfCase } from '../db/repositories/bound-service-notices.repository.js';
import { caseCompletedAt, type CaseRow } from '../db/repositories/cases.repository.js';
import { findStepResult } from '../db/repositories/execution-steps.repository.js';
import { findQuarantineRelease } from '../db/repositories/number-quarantines.repository.js';
import type { Actor, ServiceContext } from './context.js';
import type { BalanceStepResult } from './execution.service.js';
import { writeLetter, type LetterLine } from './letter-pdf.js';
import { policyForCase } from './policies.service.js';
import { loadVisibleCase } from './case-query.service.js';
import { officialChannels } from './notifications.service.js';
import { caseReference } from './presenters.js';

/**
 * A letter's language and the ways it writes values: the holder's message language (the one their
 * messages use: chosen in the portal, else the account's, else the market's; cases from before
 * languages were recorded use the market's), with dates, times and money as that language writes them.
 */
function letterStyle(row: CaseRow, policy: MarketPolicy) {
  const language: MessageLanguage = row.language ?? messageLanguageFor(policy.language);
  return {
    language,
    texts: letterTexts[language],
    date: (isoDate: string) => formatMessageDate(isoDate, language, policy.language),
    instant: (instant: Date) => formatMessageInstant(instant, policy.timeZone, language, policy.language),
    money: (minor: number, currency: string) => formatMessageMoney(minor, currency, language, policy.language),
    data: (megabytes: number) => formatMessageData(megabytes, language, policy.language),
  };
}
type LetterStyle = ReturnType<typeof letterStyle>;

const productName = (texts: LetterTexts, row: CaseRow) =>
  texts.product[row.product_type as ProductType] ?? row.product_type;

function footer(context: ServiceContext, texts: LetterTexts, line: LetterLine, caseId: string) {
  line(texts.footer.free, { size: 9 });
  line(texts.footer.caseLink(`${context.config.PUBLIC_URL}/cases/${caseId}`), { size: 9 });
  line(texts.footer.officialChannels(officialChannels(context)), { size: 9 });
}

/** The refund the holder chose, with its amount, method and the date it is paid by. */
function refundText(row: CaseRow, style: LetterStyle): string {
  const item = row.checklist.items.find((candidate) => candidate.kind === 'balance');
  if (item?.kind !== 'balance' || item.refundMinor === null || !item.refund) return style.texts.end.refundUndated;
  return style.texts.end.refund({
    amount: style.money(item.refundMinor, item.currency),
    method: style.texts.refundMethod[item.refund.method],
    date: style.date(item.refund.expectedBy),
  });
}

/**
 * What the receipt says about the end date, any early-termination charge and the balance, from the
 * checklist the case was filed with (the same items the confirmation and receipt pages show).
 */
function endAndMoneyLines(row: CaseRow, style: LetterStyle): string[] {
  const { end: texts } = style.texts;
  const items = row.checklist.items;
  const end = items.find((item) => item.kind === 'contract_end');
  const charge = items.find((item) => item.kind === 'early_termination_charge');
  const balance = items.find((item) => item.kind === 'balance');
  const lines = [texts.date(style.date(String(row.line_ends_on)))];
  if (!charge && end?.basis === 'minimum_term') lines.push(texts.minimumTerm);
  if (!charge && end?.basis === 'notice') lines.push(texts.notice);
  // Pay-as-you-go has no notice: the letter does not speak of one.
  if (end?.basis === 'prepaid') lines.push(texts.prepaid);
  if (charge) {
    lines.push(
      texts.earlyCharge({
        minimumTermEndsOn: style.date(charge.minimumTermEndsOn),
        amount: style.money(charge.amountMinor, charge.currency),
      }),
    );
  }
  if (balance?.chosen === 'refund') lines.push(refundText(row, style));
  if (balance?.chosen === 'transfer' && balance.transferTo) {
    lines.push(
      texts.transfer({
        credit: style.money(balance.creditMinor, balance.currency),
        to: maskMsisdn(balance.transferTo),
      }),
    );
  }
  return lines;
}

/**
 * The receipt of a cancellation as a PDF, in the holder's language: what was received, the date and
 * time of receipt and the date the line ends. This is the text-form confirmation Germany's §312k(4)
 * BGB requires right after an online cancellation, and simexit gives it in every market.
 */
export async function renderReceipt(
  context: ServiceContext,
  actor: Actor,
  caseId: string,
): Promise<{ filename: string; pdf: Uint8Array }> {
  const row = await loadVisibleCase(context, actor, caseId);
  const policy = await policyForCase(context, row, context.db);
  const style = letterStyle(row, policy);
  const { texts } = style;
  const reference = caseReference(row.id);
  const meta = { title: texts.receipt.documentTitle(reference), createdAt: new Date(row.received_at) };
  const pdf = await writeLetter({ ...meta, language: style.language }, (line) => {
    line(texts.receipt.title, { size: 20, bold: true, gap: 32 });
    line(texts.reference(reference), { bold: true });
    line(texts.caseId(row.id), { gap: 28 });
    line(texts.receipt.whatTitle, { bold: true });
    line(
      texts.receipt.what({
        product: productName(texts, row),
        maskedMsisdn: maskMsisdn(row.msisdn),
        channel: texts.intakeChannel[row.channel as keyof LetterTexts['intakeChannel']] ?? row.channel,
      }),
    );
    // The kind of termination is named only where the holder was asked it (§312k(2) BGB, contracts):
    // a pay-as-you-go holder, or one in a market without the distinction, never hears of it.
    const prepaid = row.checklist.items.some((item) => item.kind === 'contract_end' && item.basis === 'prepaid');
    if (row.termination_kind === 'extraordinary') {
      line(texts.receipt.extraordinary(row.termination_reason ?? ''), { gap: 28 });
    } else if (policy.termination.asksTerminationKind && !prepaid) {
      line(texts.receipt.ordinary, { gap: 28 });
    } else {
      line('', { gap: 10 });
    }
    line(texts.receipt.receivedTitle, { bold: true });
    line(style.instant(new Date(row.received_at)), { gap: 28 });
    line(texts.receipt.endTitle, { bold: true });
    const endLines = endAndMoneyLines(row, style);
    endLines.forEach((text, index) => line(text, index === endLines.length - 1 ? { gap: 28 } : {}));
    if (row.card_return_required) {
      line(texts.receipt.cardReturnTitle, { bold: true });
      line(texts.receipt.cardReturn({ address: policy.cardReturn.address, days: policy.cardReturn.deadlineDays }), {
        gap: 28,
      });
    }
    footer(context, texts, line, row.id);
  });
  return { filename: `simexit-receipt-${reference}.pdf`, pdf };
}

/** What the letter says about the balance: what was done with it, and for a transfer the target's balance. */
function balanceLines(row: CaseRow, style: LetterStyle, result: Partial<BalanceStepResult> | undefined): string[] {
  const { confirmation: texts } = style.texts;
  const choice = row.decisions.balance;
  const item = row.checklist.items.find((candidate) => candidate.kind === 'balance');
  if (choice === null || item?.kind !== 'balance') return [texts.noBalance];
  const lines: string[] = [];
  if (choice.option === 'transfer') {
    const to = maskMsisdn(item.transferTo ?? choice.toMsisdn);
    lines.push(texts.transferred({ credit: style.money(item.creditMinor, item.currency), to }));
    // The target's balance is the holder's business only when the line is on their own account.
    const target = result?.targetOnSameAccount ? result.target : null;
    if (target) {
      lines.push(
        texts.targetBalance({
          to,
          before: style.money(target.creditBeforeMinor, item.currency),
          after: style.money(target.creditAfterMinor, item.currency),
        }),
      );
      if (target.dataAfterMb !== target.dataBeforeMb) {
        lines.push(
          texts.targetData({ to, before: style.data(target.dataBeforeMb), after: style.data(target.dataAfterMb) }),
        );
      }
    }
  } else if (choice.option === 'refund') {
    lines.push(refundText(row, style));
  } else {
    lines.push(texts.forfeited);
  }
  if (result?.reference) lines.push(texts.billingReference(result.reference));
  return lines;
}

/**
 * What the letter says about the services bound to the number: each one told, when, over what and
 * what it answered; a line that had none says so; a bulk deactivation, which never looked at bound
 * services, says nothing about them.
 */
async function serviceLines(context: ServiceContext, row: CaseRow, style: LetterStyle): Promise<string[] | null> {
  const { confirmation: texts } = style.texts;
  const bound = row.checklist.items.flatMap((item) => (item.kind === 'bound_service' ? [item] : []));
  if (bound.length === 0) return row.channel === 'bulk' ? null : [texts.noServices];
  const notices = await noticesOfCase(context.db, row.id);
  return bound.map((item) => {
    const kind = style.texts.serviceKind[item.serviceKind];
    const notice = notices.find((candidate) => candidate.service_id === item.serviceId);
    if (!notice?.told_at || !notice.channel) return texts.serviceToldUndetailed({ name: item.name, kind });
    return texts.serviceTold({
      name: item.name,
      kind,
      at: style.instant(new Date(notice.told_at)),
      channel: style.texts.serviceChannel[notice.channel],
      answer: notice.acknowledgement ?? '—',
    });
  });
}

/**
 * The confirmation letter of a completed cancellation (PRODUCT.md step 6, the "paper" record), in
 * the holder's language: when the line was deactivated, what happened to the balance (a transfer
 * with the target line's balance before and after, when it is the holder's), each service bound to
 * the number as it was told, when the number may be given to someone else, and what to do now.
 *
 * @throws SimexitError `CASE_NOT_COMPLETED` until the case is completed.
 */
export async function renderConfirmationLetter(
  context: ServiceContext,
  actor: Actor,
  caseId: string,
): Promise<{ filename: string; pdf: Uint8Array }> {
  const row = await loadVisibleCase(context, actor, caseId);
  if (row.state !== 'completed') {
    throw new SimexitError(
      'CASE_NOT_COMPLETED',
      'The confirmation letter is ready once the cancellation is completed; until then the receipt is your record.',
      { state: row.state },
    );
  }
  const policy = await policyForCase(context, row, context.db);
  const style = letterStyle(row, policy);
  const { texts } = style;
  const reference = caseReference(row.id);
  const [completed, quarantine, balanceStep, services] = await Promise.all([
    caseCompletedAt(context.db, row.id),
    findQuarantineRelease(context.db, row.id),
    findStepResult(context.db, row.id, 'balance'),
    serviceLines(context, row, style),
  ]);
  const completedAt = new Date(completed.at);
  const balance = balanceLines(row, style, balanceStep?.result as Partial<BalanceStepResult> | undefined);
  const meta = { title: texts.confirmation.documentTitle(reference), createdAt: completedAt };
  const pdf = await writeLetter({ ...meta, language: style.language }, (line) => {
    const paragraph = (lines: string[]) =>
      lines.forEach((text, index) => line(text, index === lines.length - 1 ? { gap: 28 } : {}));
    line(texts.confirmation.title, { size: 20, bold: true, gap: 32 });
    line(texts.reference(reference), { bold: true });
    line(texts.caseId(row.id), { gap: 28 });
    line(texts.confirmation.cancelledTitle, { bold: true });
    line(
      texts.confirmation.cancelled({
        product: productName(texts, row),
        maskedMsisdn: maskMsisdn(row.msisdn),
        at: style.instant(completedAt),
      }),
      { gap: 28 },
    );
    line(texts.confirmation.balanceTitle, { bold: true });
    paragraph(balance);
    line(texts.confirmation.numberTitle, { bold: true });
    line(
      quarantine
        ? texts.confirmation.numberHeldUntil(style.date(new Date(quarantine.release_at).toISOString().slice(0, 10)))
        : texts.confirmation.numberHeld,
      { gap: 28 },
    );
    if (services) {
      line(texts.confirmation.servicesTitle, { bold: true });
      paragraph(services);
    }
    line(texts.confirmation.nowTitle, { bold: true });
    paragraph([texts.confirmation.stopUsing, texts.confirmation.watchAccounts]);
    footer(context, texts, line, row.id);
  });
  return { filename: `simexit-confirmation-${reference}.pdf`, pdf };
}
