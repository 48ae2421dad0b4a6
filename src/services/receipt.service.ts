import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import { SimexitError } from '../domain/errors.js';
import { maskMsisdn } from '../domain/identifiers.js';
import type { CaseRow } from '../db/repositories/cases.repository.js';
import type { Actor, ServiceContext } from './context.js';
import { policyForCase } from './policies.service.js';
import { loadVisibleCase } from './case-query.service.js';
import { officialChannels } from './notifications.service.js';
import { caseReference, formatInstant } from './presenters.js';

/** The standard PDF fonts cover Latin-1 only; other characters are shown as '?' rather than failing. */
const pdfSafe = (text: string) => text.replace(/[^\x20-\x7e\xa0-\xff]/g, '?');

type PdfLine = (text: string, options?: { size?: number; bold?: boolean; gap?: number }) => void;

/** One A4 page of text lines, top to bottom, in the standard Helvetica fonts. */
async function onePageLetter(title: string, createdAt: Date, write: (line: PdfLine) => void): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  document.setTitle(title);
  document.setCreator('simexit');
  document.setCreationDate(createdAt);
  const page = document.addPage([595, 842]);
  const font = await document.embedFont(StandardFonts.Helvetica);
  const bold = await document.embedFont(StandardFonts.HelveticaBold);
  let y = 780;
  write((text, options = {}) => {
    const size = options.size ?? 11;
    const face = options.bold ? bold : font;
    // Long sentences wrap at the right margin (56 pt each side) instead of running off the page.
    const rows: string[] = [];
    for (const word of pdfSafe(text).split(' ')) {
      const last = rows[rows.length - 1];
      if (last !== undefined && face.widthOfTextAtSize(`${last} ${word}`, size) <= 595 - 2 * 56) {
        rows[rows.length - 1] = `${last} ${word}`;
      } else rows.push(word);
    }
    rows.forEach((row, index) => {
      page.drawText(row, { x: 56, y, size, font: face, color: rgb(0.1, 0.1, 0.1) });
      y -= index === rows.length - 1 ? (options.gap ?? 18) : size + 4;
    });
  });
  return document.save();
}

function footer(context: ServiceContext, line: PdfLine, caseId: string) {
  line('Cancelling is free. We never ask for your password or full card number by phone, chat or social media.', {
    size: 9,
  });
  line(`Your case: ${context.config.PUBLIC_URL}/cases/${caseId}`, { size: 9 });
  line(`Official channels only: ${officialChannels(context)} or the number printed on your bill`, { size: 9 });
}

const productName = (productType: string) => productType.replace('_', '-');

/** A calendar date as the letter prints it: "31 March 2027". */
const longDate = (date: string) =>
  new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
// The currency's code, not its sign: the letter's standard font has no € or ¥ (pdfSafe would print '?').
const moneyText = (minor: number, currency: string) =>
  new Intl.NumberFormat('en-GB', { style: 'currency', currency, currencyDisplay: 'code' })
    .format(minor / 100)
    .replace(/\u00a0/g, ' ');
const refundMethodText = { original_payment_method: 'to the way you paid', bank_transfer: 'by bank transfer' };

/**
 * What the letter says about the end date, any early-termination charge and the balance, from the
 * checklist the case was filed with (the same items the confirmation and receipt pages show).
 */
function endAndMoneyLines(row: CaseRow): string[] {
  const items = row.checklist.items;
  const end = items.find((item) => item.kind === 'contract_end');
  const charge = items.find((item) => item.kind === 'early_termination_charge');
  const balance = items.find((item) => item.kind === 'balance');
  const lines = [`${longDate(String(row.line_ends_on))}.`];
  if (!charge && end?.basis === 'minimum_term')
    lines.push('This is the end of your minimum term; ending then is free of charge.');
  if (!charge && end?.basis === 'notice')
    lines.push('This is when your notice period ends; ending then is free of charge.');
  // Pay-as-you-go has no notice: the letter does not speak of one.
  if (end?.basis === 'prepaid') lines.push('Pay-as-you-go: the line ends once the cancellation is carried out.');
  if (charge) {
    lines.push(
      `You asked to end before your minimum term ends (${longDate(charge.minimumTermEndsOn)}): ` +
        `early-termination charge ${moneyText(charge.amountMinor, charge.currency)}, on your final bill.`,
    );
  }
  if (balance?.chosen === 'refund') lines.push(refundText(row));
  if (balance?.chosen === 'transfer' && balance.transferTo) {
    lines.push(
      `Your credit of ${moneyText(balance.creditMinor, balance.currency)} moves to ${maskMsisdn(balance.transferTo)}.`,
    );
  }
  return lines;
}

/** The refund the holder chose, with its amount, method and the date it is paid by. */
function refundText(row: CaseRow): string {
  const item = row.checklist.items.find((candidate) => candidate.kind === 'balance');
  if (item?.kind !== 'balance' || item.refundMinor === null || !item.refund)
    return 'Your remaining credit is refunded to you.';
  return (
    `Your remaining credit of ${moneyText(item.refundMinor, item.currency)} is refunded ` +
    `${refundMethodText[item.refund.method]}, by ${longDate(item.refund.expectedBy)}.`
  );
}

/**
 * The receipt of a cancellation as a PDF: what was received, the date and time of receipt and the
 * date the line ends. This is the text-form confirmation Germany's §312k(4) BGB requires right
 * after an online cancellation, and simexit gives it in every market.
 */
export async function renderReceipt(
  context: ServiceContext,
  actor: Actor,
  caseId: string,
): Promise<{ filename: string; pdf: Uint8Array }> {
  const row = await loadVisibleCase(context, actor, caseId);
  const policy = await policyForCase(context, row);
  const reference = caseReference(row.id);
  const pdf = await onePageLetter(`Cancellation receipt ${reference}`, new Date(row.received_at), (line) => {
    line('Cancellation receipt', { size: 20, bold: true, gap: 32 });
    line(`Reference: ${reference}`, { bold: true });
    line(`Case id: ${row.id}`, { gap: 28 });
    line('What we received', { bold: true });
    line(
      `A request to cancel the ${productName(row.product_type)} line ${maskMsisdn(row.msisdn)} (via ${row.channel}).`,
    );
    // The kind of termination is named only where the holder was asked it (§312k(2) BGB, contracts):
    // a pay-as-you-go holder, or one in a market without the distinction, never hears of it.
    const prepaid = row.checklist.items.some((item) => item.kind === 'contract_end' && item.basis === 'prepaid');
    if (row.termination_kind === 'extraordinary') {
      line(`Extraordinary termination, for the reason you gave: ${row.termination_reason ?? ''}`.slice(0, 110), {
        gap: 28,
      });
    } else if (policy.termination.asksTerminationKind && !prepaid) {
      line('Ordinary termination.', { gap: 28 });
    } else {
      line('', { gap: 10 });
    }
    line('When we received it', { bold: true });
    line(formatInstant(new Date(row.received_at), policy.timeZone), { gap: 28 });
    line('When the line ends', { bold: true });
    const endLines = endAndMoneyLines(row);
    endLines.forEach((text, index) => line(text, index === endLines.length - 1 ? { gap: 28 } : {}));
    if (row.card_return_required) {
      line('Card return', { bold: true });
      line(
        `Please post the card to ${policy.cardReturn.address} within ${policy.cardReturn.deadlineDays} days of approval.`,
        { gap: 28 },
      );
    }
    footer(context, line, row.id);
  });
  return { filename: `simexit-receipt-${reference}.pdf`, pdf };
}

/**
 * The confirmation letter of a completed cancellation (PRODUCT.md step 6, the "paper" record): when
 * the line was deactivated, what happened to the balance and the services bound to the number, when
 * the number may be given to someone else, and what the former holder should do now.
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
  const policy = await policyForCase(context, row);
  const reference = caseReference(row.id);
  const [completed, quarantine] = await Promise.all([
    context.db
      .selectFrom('case_events')
      .select('at')
      .where('case_id', '=', row.id)
      .where('to_state', '=', 'completed')
      .executeTakeFirstOrThrow(),
    context.db.selectFrom('number_quarantines').select('release_at').where('case_id', '=', row.id).executeTakeFirst(),
  ]);
  const completedAt = new Date(completed.at);
  const balance = row.decisions.balance;
  const pdf = await onePageLetter(`Cancellation confirmation ${reference}`, completedAt, (line) => {
    line('Confirmation of cancellation', { size: 20, bold: true, gap: 32 });
    line(`Reference: ${reference}`, { bold: true });
    line(`Case id: ${row.id}`, { gap: 28 });
    line('Your line is cancelled', { bold: true });
    line(`The ${productName(row.product_type)} line ${maskMsisdn(row.msisdn)} was deactivated on`);
    line(`${formatInstant(completedAt, policy.timeZone)}. Billing has stopped; a final bill was produced.`, {
      gap: 28,
    });
    line('Your balance', { bold: true });
    line(
      balance === null
        ? 'There was no credit or data left to settle.'
        : balance.option === 'transfer'
          ? `Your remaining credit was transferred to ${maskMsisdn(balance.toMsisdn)}.`
          : balance.option === 'refund'
            ? refundText(row)
            : 'You chose to give up the remaining credit and data.',
      { gap: 28 },
    );
    line('Your number', { bold: true });
    line(
      quarantine
        ? `It will not be given to anyone else before ${String(new Date(quarantine.release_at).toISOString().slice(0, 10))}.`
        : 'It is held back before it can be given to anyone else.',
    );
    line('Services that used the number as a login were told it is no longer yours.', { gap: 28 });
    line('What to do now', { bold: true });
    line('Stop using the card and destroy it unless we asked you to post it back.');
    line('Watch your bank, payment and app accounts for anything unusual.', { gap: 28 });
    footer(context, line, row.id);
  });
  return { filename: `simexit-confirmation-${reference}.pdf`, pdf };
}
