import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import { maskMsisdn } from '../domain/identifiers.js';
import { policyFor } from '../domain/policy/index.js';
import type { Market } from '../domain/policy/types.js';
import type { Actor, ServiceContext } from './context.js';
import { loadVisibleCase } from './case-query.service.js';
import { officialChannels } from './notifications.service.js';
import { caseReference, formatInstant } from './presenters.js';

/** The standard PDF fonts cover Latin-1 only; other characters are shown as '?' rather than failing. */
const pdfSafe = (text: string) => text.replace(/[^\x20-\x7e\xa0-\xff]/g, '?');

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
  const policy = policyFor(row.market as Market);
  const reference = caseReference(row.id);
  const document = await PDFDocument.create();
  document.setTitle(`Cancellation receipt ${reference}`);
  document.setCreator('simexit');
  document.setCreationDate(new Date(row.received_at));
  const page = document.addPage([595, 842]);
  const font = await document.embedFont(StandardFonts.Helvetica);
  const bold = await document.embedFont(StandardFonts.HelveticaBold);
  let y = 780;
  const line = (text: string, options: { size?: number; bold?: boolean; gap?: number } = {}) => {
    page.drawText(pdfSafe(text), {
      x: 56,
      y,
      size: options.size ?? 11,
      font: options.bold ? bold : font,
      color: rgb(0.1, 0.1, 0.1),
    });
    y -= options.gap ?? 18;
  };
  line('Cancellation receipt', { size: 20, bold: true, gap: 32 });
  line(`Reference: ${reference}`, { bold: true });
  line(`Case id: ${row.id}`, { gap: 28 });
  line('What we received', { bold: true });
  line(
    `A request to cancel the ${row.product_type.replace('_', '-')} line ${maskMsisdn(row.msisdn)} (via ${row.channel}).`,
    {
      gap: 28,
    },
  );
  line('When we received it', { bold: true });
  line(formatInstant(new Date(row.received_at), policy.timeZone), { gap: 28 });
  line('When the line ends', { bold: true });
  line(`${String(row.line_ends_on)} at the earliest, once the cancellation is carried out.`, { gap: 28 });
  if (row.card_return_required) {
    line('Card return', { bold: true });
    line(
      `Please post the card to ${policy.cardReturn.address} within ${policy.cardReturn.deadlineDays} days of approval.`,
      {
        gap: 28,
      },
    );
  }
  line('Cancelling is free. We never ask for your password or full card number by phone, chat or social media.', {
    size: 9,
  });
  line(`Follow or withdraw your cancellation at ${context.config.PUBLIC_URL}/cases/${row.id}`, { size: 9 });
  line(`Official channels only: ${officialChannels(context)}`, { size: 9 });
  return { filename: `simexit-receipt-${reference}.pdf`, pdf: await document.save() };
}
