import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { personas } from '../../src/ports/adapters/demo/personas.js';
import { formatDate, formatMoney, localeFor } from '../../web/shared/format.js';
import type { Resources } from '../../web/i18n/en.js';
import { latestCode, personaLines } from '../support/harness.js';
import { joinLines, pdfTextLines } from '../support/pdf-text.js';
import { letterTexts } from '../../src/domain/letters.js';
import { formatMessageDate, formatMessageMoney } from '../../src/domain/message-formats.js';
import {
  accessibilityProblems,
  de,
  fill,
  openContext,
  SCREENSHOTS,
  screenshots,
  startPortal,
  texts,
  type Language,
  type Portal,
} from './browser.js';

/**
 * The end date and the charges a holder is shown, by market, from the checklist through the §312k
 * confirmation page to the receipt page, the receipt PDF and the receipt text message: a German
 * contract ends free with its minimum term; a UK contract's earlier date is an early exit whose charge
 * is accepted on the confirmation page; UK prepaid hears of no notice and no kind of termination and
 * sees its refund's method and date; a Chinese holder moves credit to a line that can hold it.
 */
const DAY = 24 * 3_600_000;
const personaByKey = Object.fromEntries(personas.map((p) => [p.key, p]));
/** The complete German texts: the portal's German is complete for the cancellation flow. */
const deTexts = de as Resources;

let portal: Portal;
let lines: Record<string, { msisdn: string; iccid: string }[]>;

/** The calendar date of `instant` in `timeZone`, as YYYY-MM-DD. */
function localDay(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    instant,
  );
}
const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
/** How the receipt letter prints a date in English (en-GB); German and Chinese letters: formatMessageDate. */
const letterDate = (day: string) =>
  new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );

async function check(page: Page, name: string, problems: string[]) {
  assert.deepEqual(await accessibilityProblems(page), [], `${name}: axe found serious or critical problems`);
  await screenshots(page, name);
  assert.deepEqual(problems, [], `${name}: console errors`);
}

/** Walks `name` in a fresh browser profile showing the portal in `language`; photographs a failure. */
async function inBrowser(
  name: string,
  language: Language | 'de',
  walk: (page: Page, problems: string[]) => Promise<void>,
): Promise<void> {
  const { context, page, problems } = await openContext(portal, language as Language);
  try {
    await walk(page, problems);
  } catch (error) {
    await page.screenshot({ path: `${SCREENSHOTS}/FAILED-end-${name}.png`, fullPage: true });
    throw error;
  } finally {
    await context.close();
  }
}

async function signIn(page: Page, tr: Resources, msisdn: string, iccid: string) {
  await page.goto('/');
  await page.getByRole('navigation').getByRole('link', { name: tr.layout.cancelEntry }).click();
  await page.locator('input[name=msisdn]').fill(msisdn);
  await page.locator('input[name=iccid]').fill(iccid);
  await page.getByRole('button', { name: tr.identify.sendCode }).click();
  await page.getByRole('heading', { level: 1, name: tr.identify.codeTitle }).waitFor();
  await page.locator('input[name=code]').fill(await latestCode(portal.harness, msisdn));
  await page.getByRole('button', { name: tr.identify.verify }).click();
  await page.getByRole('link', { name: tr.lines.check }).click();
  await page.getByRole('heading', { level: 1, name: fill(tr.checklist.titleFor, { msisdn }) }).waitFor();
  await page.locator('#item-contract_end').waitFor();
}

/** The receipt PDF the receipt page offers, as its lines of text. */
async function receiptPdf(page: Page, tr: Resources): Promise<string[]> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: tr.receipt.download }).click(),
  ]);
  return pdfTextLines(readFileSync(await download.path()));
}

/** The receipt text message the line got for case `reference`. */
async function receiptSms(msisdn: string, reference: string): Promise<string> {
  await portal.harness.drain();
  const inbox = await portal.harness.request({ method: 'GET', url: `/demo/inbox/${encodeURIComponent(msisdn)}` });
  const messages = inbox.body.messages as { subject: string; body: string }[];
  const receipt = messages.find((m) => m.subject.includes(reference) && !/stop|stoppen|停止/i.test(m.body));
  assert.ok(receipt, `a receipt for ${reference} in ${JSON.stringify(messages.map((m) => m.subject))}`);
  return receipt.body;
}

async function submitAndReadReceipt(page: Page, tr: Resources) {
  await page.getByRole('button', { name: tr.confirm.submit }).click();
  await page.getByRole('heading', { level: 1, name: tr.receipt.title }).waitFor();
  const reference = (await page.locator('.reference').textContent()) ?? '';
  assert.match(reference, /^SX-[0-9A-F]{8}$/);
  return {
    reference,
    endsOn: (await page.locator('#receipt-ends-on').textContent()) ?? '',
    charges: (await page.locator('#receipt-charges').textContent()) ?? '',
  };
}

describe('end dates and charges by market, confirmation page → receipt → PDF', () => {
  before(async () => {
    portal = await startPortal();
    lines = await personaLines(portal.harness);
  });
  after(async () => {
    await portal?.close();
  });

  test('German contract: ordinary cancellation ends with the minimum term, free; the receipt and PDF repeat it', async () => {
    const tr = deTexts;
    const { msisdn, iccid } = lines['de-contract']![0]!;
    const contract = personaByKey['de-contract']!.lines[0]!.contract!;
    const termEnd = localDay(new Date(portal.harness.clock.now().getTime() + contract.endsInDays * DAY), 'UTC');
    const locale = localeFor('de', 'DE');
    await inBrowser('de-contract', 'de', async (page, problems) => {
      await signIn(page, tr, msisdn, iccid);
      // Nothing to accept: the charge is only for a holder who asks for an earlier date.
      assert.equal(await page.locator('#accept-etc').count(), 0);
      assert.equal(await page.locator('.badge-requires_acceptance').count(), 0);
      await page.getByText(fill(tr.checklist.end.minimum_term, { date: formatDate(termEnd, locale) })).waitFor();
      // The end date is information: with no bill, charge or credit to settle the page says so.
      await page.getByText(tr.checklist.nothing).waitFor();
      await check(page, 'end-checklist-de-contract-de', problems);

      await page.getByRole('button', { name: tr.checklist.continue }).click();
      await page.getByRole('heading', { level: 1, name: tr.confirm.title }).waitFor();
      // §312k(2) BGB: kind of termination, end date, where to send the confirmation — and one button.
      assert.equal(await page.getByLabel(tr.confirm.ordinary, { exact: true }).isChecked(), true);
      assert.equal(
        await page.getByLabel(fill(tr.confirm.endEarliest, { date: formatDate(termEnd, locale) })).isChecked(),
        true,
      );
      assert.equal(await page.locator('#ends-on').textContent(), formatDate(termEnd, locale));
      assert.equal(await page.locator('#charges').textContent(), tr.confirm.free);
      assert.equal(await page.locator('#item-early_termination_charge').count(), 0);
      assert.deepEqual(await page.locator('main button').allTextContents(), ['jetzt kündigen']);
      // The end date comes before the final button.
      const endBox = await page.locator('#ends-on').boundingBox();
      const buttonBox = await page.getByRole('button', { name: 'jetzt kündigen' }).boundingBox();
      assert.ok(endBox && buttonBox && endBox.y < buttonBox.y, 'end date above "jetzt kündigen"');
      await check(page, 'end-confirm-de-contract-de', problems);

      const receipt = await submitAndReadReceipt(page, tr);
      assert.equal(
        receipt.endsOn,
        fill(tr.receipt.endsOnText, {
          date: formatDate(termEnd, locale),
          basis: tr.receipt.endBasis.minimum_term,
        }),
      );
      assert.equal(receipt.charges, tr.receipt.noCharges);
      assert.doesNotMatch(await page.locator('main').innerText(), /frühestens/);
      await check(page, 'end-receipt-de-contract-de', problems);

      // The receipt PDF is in the holder's language: German.
      const pdf = joinLines(await receiptPdf(page, tr));
      assert.ok(pdf.includes(letterTexts.de.end.date(formatMessageDate(termEnd, 'de', 'de-DE'))), pdf);
      assert.ok(pdf.includes(letterTexts.de.receipt.ordinary), pdf);
      assert.ok(pdf.includes(letterTexts.de.end.minimumTerm), pdf);
      assert.doesNotMatch(pdf, /vorzeitige|frühestens/i);

      const sms = await receiptSms(msisdn, receipt.reference);
      assert.ok(sms.includes(termEnd) || sms.includes(formatDate(termEnd, locale)), sms);
      assert.doesNotMatch(sms, /frühestens/);
    });
  });

  test('UK contract: an earlier date is an early exit whose charge is accepted on the confirmation page', async () => {
    const tr = texts.en;
    const { msisdn, iccid } = lines['uk-contract']![0]!;
    const charge = personaByKey['uk-contract']!.lines[0]!.contract!.earlyTerminationChargeMinor;
    const locale = localeFor('en', 'UK');
    const amount = formatMoney(charge, 'GBP', locale);
    const wanted = addDays(localDay(portal.harness.clock.now(), 'Europe/London'), 10);
    await inBrowser('uk-contract', 'en', async (page, problems) => {
      await signIn(page, tr, msisdn, iccid);
      assert.equal(await page.locator('#accept-etc').count(), 0, 'an ordinary cancellation has nothing to accept');
      await page.locator('#item-contract_end').getByText(amount).waitFor();
      await page.getByRole('button', { name: tr.checklist.continue }).click();
      await page.getByRole('heading', { level: 1, name: tr.confirm.title }).waitFor();
      // No German ordinary/extraordinary choice in the UK.
      assert.equal(await page.locator('#kind-ordinary').count(), 0);
      assert.equal(await page.locator('#charges').textContent(), tr.confirm.free);

      await page.getByLabel(tr.confirm.endChosen).check();
      await page.getByLabel(tr.confirm.endDate, { exact: true }).fill(wanted);
      await page.locator('#item-early_termination_charge').waitFor();
      assert.equal(await page.locator('#ends-on').textContent(), formatDate(wanted, locale));
      // Pressing the button without accepting says what is missing, at the charge.
      await page.getByRole('button', { name: tr.confirm.submit }).click();
      await page.locator('#accept-etc-error').getByText(tr.checklist.outstanding.early_termination_charge).waitFor();
      await check(page, 'end-confirm-uk-contract-early-en', problems);
      await page.locator('#accept-etc').check();
      await page.locator('#item-early_termination_charge.item-accepted').waitFor();
      assert.equal(await page.locator('#charges').textContent(), fill(tr.confirm.chargeAccepted, { amount }));
      await check(page, 'end-confirm-uk-contract-accepted-en', problems);

      const receipt = await submitAndReadReceipt(page, tr);
      assert.equal(
        receipt.endsOn,
        fill(tr.receipt.endsOnText, { date: formatDate(wanted, locale), basis: tr.receipt.endBasis.early }),
      );
      assert.equal(receipt.charges, fill(tr.receipt.chargeText, { amount }));
      await check(page, 'end-receipt-uk-contract-en', problems);

      const pdf = (await receiptPdf(page, tr)).join(' ');
      assert.ok(pdf.includes(`${letterDate(wanted)}.`), pdf);
      assert.ok(
        pdf.includes(
          `early-termination charge ${formatMessageMoney(charge, 'GBP', 'en', 'en-GB')}, on your final bill`,
        ),
        pdf,
      );
      const sms = await receiptSms(msisdn, receipt.reference);
      assert.ok(sms.includes(wanted) || sms.includes(formatDate(wanted, locale)), sms);
    });
  });

  test('UK prepaid: no notice, no kind of termination; a post-paid target is refused at once; the refund is dated', async () => {
    const tr = texts.en;
    const { msisdn, iccid } = lines['uk-prepaid-credit']![0]!;
    const credit = personaByKey['uk-prepaid-credit']!.lines[0]!.prepaid!.creditMinor;
    const locale = localeFor('en', 'UK');
    const endsOn = localDay(new Date(portal.harness.clock.now().getTime() + 24 * 3_600_000), 'Europe/London');
    const refundBy = addDays(endsOn, 30);
    await inBrowser('uk-prepaid', 'en', async (page, problems) => {
      await signIn(page, tr, msisdn, iccid);
      await page.getByText(fill(tr.checklist.end.prepaid, { date: formatDate(endsOn, locale) })).waitFor();
      assert.doesNotMatch(await page.locator('main').innerText(), /notice|ordinary/i);

      // The preview refuses what the submission would: a pay-monthly line cannot hold credit.
      await page.locator('#balance-transfer').check();
      await page.getByLabel(tr.checklist.balance.transferTo).fill(lines['uk-contract']![0]!.msisdn);
      await page.getByLabel(tr.checklist.balance.transferTo).press('Tab');
      await page.getByText(tr.checklist.balance.transferRefused.cannot_hold_credit).waitFor();
      await check(page, 'end-checklist-uk-prepaid-refused-en', problems);

      await page.locator('#balance-refund').check();
      await page
        .getByText(
          fill(tr.checklist.balance.refundHintDated, {
            amount: formatMoney(credit, 'GBP', locale),
            method: tr.checklist.balance.method.original_payment_method,
            date: formatDate(refundBy, locale),
          }),
        )
        .waitFor();
      await page.locator('.badge-requires_decision').waitFor({ state: 'detached' });
      await page.getByRole('button', { name: tr.checklist.continue }).click();
      await page.getByRole('heading', { level: 1, name: tr.confirm.title }).waitFor();
      assert.equal(await page.locator('#kind-ordinary, #kind-extraordinary, #end-earliest, #end-chosen').count(), 0);
      assert.doesNotMatch(await page.locator('main').innerText(), /notice|ordinary/i);
      assert.equal(await page.locator('#ends-on').textContent(), formatDate(endsOn, locale));
      await check(page, 'end-confirm-uk-prepaid-en', problems);

      const receipt = await submitAndReadReceipt(page, tr);
      assert.equal(
        receipt.endsOn,
        fill(tr.receipt.endsOnText, { date: formatDate(endsOn, locale), basis: tr.receipt.endBasis.prepaid }),
      );
      assert.equal(receipt.charges, tr.receipt.noCharges);
      assert.equal(
        await page.locator('#receipt-credit').textContent(),
        fill(tr.receipt.creditRefund, {
          amount: formatMoney(credit, 'GBP', locale),
          method: tr.checklist.balance.method.original_payment_method,
          date: formatDate(refundBy, locale),
        }),
      );
      await check(page, 'end-receipt-uk-prepaid-en', problems);

      const pdf = (await receiptPdf(page, tr)).join(' ');
      assert.ok(pdf.includes(`${letterDate(endsOn)}.`), pdf);
      assert.ok(
        pdf.includes(
          `Your remaining credit of ${formatMessageMoney(credit, 'GBP', 'en', 'en-GB')} is refunded to the way you paid, by ${letterDate(refundBy)}.`,
        ),
        pdf,
      );
      assert.doesNotMatch(
        pdf,
        /notice|charge £|ordinary/i,
        'prepaid hears of no notice, charge or kind of termination',
      );
    });
  });

  test('China: credit moves to her prepaid eSIM; the end date after 48 h of cooling-off, in Chinese', async () => {
    const tr = texts['zh-CN'];
    const [line, eSim] = lines['cn-prepaid']!;
    const credit = personaByKey['cn-prepaid']!.lines[0]!.prepaid!.creditMinor;
    const locale = localeFor('zh-CN', 'CN');
    const endsOn = localDay(new Date(portal.harness.clock.now().getTime() + 48 * 3_600_000), 'Asia/Shanghai');
    await inBrowser('cn-prepaid', 'zh-CN', async (page, problems) => {
      await signIn(page, tr, line!.msisdn, line!.iccid);
      await page.getByText(fill(tr.checklist.end.prepaid, { date: formatDate(endsOn, locale) })).waitFor();
      await page.locator('#balance-transfer').check();
      await page.getByLabel(tr.checklist.balance.transferTo).fill(eSim!.msisdn);
      await page.getByLabel(tr.checklist.balance.transferTo).press('Tab');
      await page.locator('.badge-requires_decision').waitFor({ state: 'detached' });
      await check(page, 'end-checklist-cn-prepaid-zh', problems);
      await page.getByRole('button', { name: tr.checklist.continue }).click();
      await page.getByRole('heading', { level: 1, name: tr.confirm.title }).waitFor();
      assert.equal(await page.locator('#kind-ordinary, #end-earliest').count(), 0);
      assert.equal(await page.locator('#ends-on').textContent(), formatDate(endsOn, locale));
      assert.equal(await page.locator('#charges').textContent(), tr.confirm.free);
      await check(page, 'end-confirm-cn-prepaid-zh', problems);

      const receipt = await submitAndReadReceipt(page, tr);
      assert.equal(
        receipt.endsOn,
        fill(tr.receipt.endsOnText, { date: formatDate(endsOn, locale), basis: tr.receipt.endBasis.prepaid }),
      );
      assert.equal(receipt.charges, tr.receipt.noCharges);
      assert.equal(
        await page.locator('#receipt-credit').textContent(),
        fill(tr.receipt.creditTransfer, { credit: formatMoney(credit, 'CNY', locale), to: eSim!.msisdn }),
      );
      await check(page, 'end-receipt-cn-prepaid-zh', problems);

      // The receipt PDF is in Chinese, as the holder reads the portal.
      const pdf = joinLines(await receiptPdf(page, tr));
      const zh = letterTexts['zh-CN'];
      assert.ok(pdf.includes(zh.end.date(formatMessageDate(endsOn, 'zh-CN', 'zh-CN'))), pdf);
      assert.ok(
        pdf.includes(
          zh.end.transfer({
            credit: formatMessageMoney(credit, 'CNY', 'zh-CN', 'zh-CN'),
            to: `+86 *** *** ${eSim!.msisdn.slice(-3)}`,
          }),
        ),
        pdf,
      );
      const sms = await receiptSms(line!.msisdn, receipt.reference);
      assert.ok(sms.includes(endsOn) || sms.includes(formatDate(endsOn, locale)), sms);
    });
  });
});
