import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { personas } from '../../src/ports/adapters/demo/personas.js';
import { policies } from '../../src/domain/policy/index.js';
import { addWorkingDays } from '../../src/domain/working-days.js';
import { formatDate, formatInstant, formatMoney, localeFor } from '../../web/shared/format.js';
import type { Resources } from '../../web/i18n/en.js';
import { fileOnline, HOUR, personaLines, staffToken } from '../support/harness.js';
import { joinLines, pdfTextLines } from '../support/pdf-text.js';
import { letterTexts } from '../../src/domain/letters.js';
import { formatMessageDate, formatMessageMoney } from '../../src/domain/message-formats.js';
import {
  accessibilityProblems,
  de,
  fill,
  fillDate,
  openContext,
  SCREENSHOTS,
  problemsAtWidths,
  screenshots,
  signInByCode,
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
  await signInByCode(page, portal, tr, { msisdn, iccid });
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

type StepKind = Exclude<keyof Resources['next'], 'title' | 'doneTitle'>;

/** One dated step as the page writes it: its label, then its date in the wording of its status. */
function step(tr: Resources, kind: StepKind, variant: string, when: string, days = 0): string {
  const texts = tr.next[kind] as Record<string, string>;
  const label = variant === 'done' ? texts.doneLabel! : texts.label!;
  return `${label} ${fill(texts[variant]!, { when, days })}`;
}

/** The "what happens next" list of the page, one text per step. */
async function nextStepRows(page: Page): Promise<string[]> {
  return (await page.locator('#next-steps li').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
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
    const received = portal.harness.clock.now();
    const termEnd = localDay(new Date(received.getTime() + contract.endsInDays * DAY), 'UTC');
    const locale = localeFor('de', 'DE');
    await inBrowser('de-contract', 'de', async (page, problems) => {
      await signIn(page, tr, msisdn, iccid);
      // Nothing to accept: the charge is only for a holder who asks for an earlier date.
      assert.equal(await page.locator('#field-acceptCharge').count(), 0);
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
      // Check your answers, right above the button: what the cancellation does, each with a way back; it
      // asks nothing the law does not list (no field, no button of its own).
      const answers = page.locator('.check-answers');
      await answers.getByRole('heading', { level: 2, name: tr.confirm.checkTitle }).waitFor();
      assert.deepEqual(await answers.locator('dt').allTextContents(), [
        tr.confirm.line,
        tr.confirm.kindLegend,
        tr.confirm.endsOn,
        tr.confirm.fee,
        tr.confirm.contact,
      ]);
      assert.equal(await answers.locator('input, select, textarea, button').count(), 0);
      await answers.getByText(tr.confirm.ordinary, { exact: true }).waitFor();
      await answers.getByText(tr.confirm.contactOnFile, { exact: true }).waitFor();
      // "Ändern" at the kind of termination puts the holder back on its choice.
      await answers.getByRole('link', { name: `${tr.confirm.changeLink}: ${tr.confirm.kindLegend}` }).click();
      assert.equal(await page.locator('#kind-ordinary:focus').count(), 1);
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
      // What happens next, dated in German: cooling-off from receipt, the decision at the latest three
      // working days later, the contract's own end, the number's release 90 days after it.
      const coolingOffEnd = new Date(received.getTime() + 24 * 3_600_000);
      assert.deepEqual(await nextStepRows(page), [
        step(tr, 'cooling_off_end', 'expected', formatInstant(coolingOffEnd.toISOString(), locale, 'Europe/Berlin')),
        step(
          tr,
          'review_due',
          'expected',
          formatInstant(
            addWorkingDays(coolingOffEnd, policies.DE.reviewSlaWorkingDays, policies.DE).toISOString(),
            locale,
            'Europe/Berlin',
          ),
        ),
        step(tr, 'line_end', 'due', formatDate(termEnd, locale)),
        step(tr, 'number_release', 'expected', formatDate(addDays(termEnd, 90), locale)),
      ]);
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
      assert.equal(
        await page.locator('#field-acceptCharge').count(),
        0,
        'an ordinary cancellation has nothing to accept',
      );
      await page.locator('#item-contract_end').getByText(amount).waitFor();
      await page.getByRole('button', { name: tr.checklist.continue }).click();
      await page.getByRole('heading', { level: 1, name: tr.confirm.title }).waitFor();
      // No German ordinary/extraordinary choice in the UK.
      assert.equal(await page.locator('#kind-ordinary').count(), 0);
      assert.equal(await page.locator('#charges').textContent(), tr.confirm.free);

      await page.getByLabel(tr.confirm.endChosen).check();
      await fillDate(page, tr.confirm.endDate, wanted, tr.date);
      await page.locator('#item-early_termination_charge').waitFor();
      assert.equal(await page.locator('#ends-on').textContent(), formatDate(wanted, locale));
      // Pressing the button without accepting says what is missing, at the charge.
      await page.getByRole('button', { name: tr.confirm.submit }).click();
      await page.locator('#accept-etc-error').getByText(tr.checklist.outstanding.early_termination_charge).waitFor();
      await check(page, 'end-confirm-uk-contract-early-en', problems);
      await page.locator('#field-acceptCharge').check();
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

/**
 * What happens next, and when, on the pages a holder keeps: the check-your-answers step before the
 * final button, the reference and the dated steps on the receipt and the case page, the status as the
 * case page's headline, the messages folded under the timeline; a withdrawn case shows nothing ahead,
 * a completed one what happened and when. Every page at 360 and 1280 px: axe clean, no sideways scroll.
 */
describe('what happens next, and when', () => {
  before(async () => {
    portal = await startPortal();
    lines = await personaLines(portal.harness);
  });
  after(async () => {
    await portal?.close();
  });

  /** Axe and sideways scroll at both widths (screenshots saved), then the console errors. */
  async function fits(page: Page, name: string, problems: string[]) {
    assert.deepEqual(await problemsAtWidths(page, name), [], name);
    assert.deepEqual(problems, [], `${name}: console errors`);
  }

  test('a UK data card: check your answers, dated steps on receipt and case page, then withdrawn: nothing ahead', async () => {
    const tr = texts.en;
    const { msisdn, iccid } = lines['uk-data-card-return']![0]!;
    const locale = localeFor('en', 'UK');
    const zone = 'Europe/London';
    const received = portal.harness.clock.now();
    const coolingOffEnd = new Date(received.getTime() + 24 * HOUR);
    // Pay-as-you-go ends once cooling-off is over; it waits for the decision and the card.
    const endsOn = localDay(coolingOffEnd, zone);
    const decideBy = addWorkingDays(coolingOffEnd, policies.UK.reviewSlaWorkingDays, policies.UK);
    await inBrowser('next-uk-data-card', 'en', async (page, problems) => {
      await signIn(page, tr, msisdn, iccid);
      await page.locator('#balance-forfeit').check();
      await page.locator('#forfeit-ack').check();
      await page.locator('.badge-requires_decision').waitFor({ state: 'detached' });
      await page.getByRole('button', { name: tr.checklist.continue }).click();
      await page.getByRole('heading', { level: 1, name: tr.confirm.title }).waitFor();

      // Check your answers: each answer with its "change" link, just above the one button.
      const answers = page.locator('.check-answers');
      await answers.getByRole('heading', { level: 2, name: tr.confirm.checkTitle }).waitFor();
      assert.deepEqual(await answers.locator('dt').allTextContents(), [
        tr.confirm.line,
        tr.confirm.endsOn,
        tr.confirm.fee,
        tr.confirm.balance,
        tr.confirm.cardReturn,
        tr.confirm.contact,
      ]);
      assert.equal(await page.locator('#ends-on').textContent(), formatDate(endsOn, locale));
      await answers.getByText(tr.confirm.balance_forfeit, { exact: true }).waitFor();
      await answers
        .getByText(`${fill(tr.confirm.cardReturnText, { days: 14 })} ${tr.checklist.cardReturn.free}`, { exact: true })
        .waitFor();
      await page.getByLabel(tr.confirm.email).fill('jack@example.org');
      await answers.getByText(fill(tr.confirm.contactAlso, { email: 'jack@example.org' }), { exact: true }).waitFor();
      const answersBox = await answers.boundingBox();
      const buttonBox = await page.getByRole('button', { name: tr.confirm.submit }).boundingBox();
      assert.ok(answersBox && buttonBox && answersBox.y + answersBox.height <= buttonBox.y, 'answers above the button');
      await fits(page, 'next-confirm-check-answers-en', problems);
      // "Change" at the credit goes back to that checklist item, its first choice focused; the choice is kept.
      await answers.getByRole('link', { name: `${tr.confirm.changeLink}: ${tr.confirm.balance}` }).click();
      await page.getByRole('heading', { level: 1, name: fill(tr.checklist.titleFor, { msisdn }) }).waitFor();
      assert.match(page.url(), /#item-balance$/);
      await page.locator('#item-balance input:focus').waitFor();
      assert.equal(await page.locator('#balance-forfeit').isChecked(), true);
      await page.getByRole('button', { name: tr.checklist.continue }).click();
      // "Change" at the contact puts the cursor in the address field.
      await page
        .locator('.check-answers')
        .getByRole('link', { name: `${tr.confirm.changeLink}: ${tr.confirm.contact}` })
        .click();
      await page.locator('#field-confirmationEmail:focus').waitFor();

      // The receipt: the reference in its panel; the steps ahead with their dates (nothing has run yet).
      await page.getByRole('button', { name: tr.confirm.submit }).click();
      await page.getByRole('heading', { level: 1, name: tr.receipt.title }).waitFor();
      const reference = (await page.locator('.reference-panel .reference').textContent()) ?? '';
      assert.match(reference, /^SX-[0-9A-F]{8}$/);
      await page.locator('.reference-panel').getByRole('heading', { level: 2, name: tr.reference.label }).waitFor();
      const ahead = [
        step(tr, 'cooling_off_end', 'expected', formatInstant(coolingOffEnd.toISOString(), locale, zone)),
        step(tr, 'review_due', 'expected', formatInstant(decideBy.toISOString(), locale, zone)),
        step(tr, 'card_return_deadline', 'expected', '', 14),
        step(tr, 'line_end', 'afterEarlierSteps', formatDate(endsOn, locale)),
        // 90 days of quarantine after the latest day the line can close: the decision plus 14 days for the card.
        step(tr, 'number_release', 'expected', formatDate(addDays(addDays(localDay(decideBy, zone), 14), 90), locale)),
      ];
      assert.deepEqual(await nextStepRows(page), ahead);
      await fits(page, 'next-receipt-en', problems);

      // The case page: reference panel, the status as its headline, the same steps.
      await page.getByRole('link', { name: tr.receipt.track }).click();
      await page.getByRole('heading', { level: 2, name: tr.state.submitted.name, exact: true }).waitFor();
      assert.equal(await page.locator('.reference-panel .reference').textContent(), reference);
      assert.deepEqual(await nextStepRows(page), ahead);

      // Once assessed, cooling-off has a stored end; every notification is one folded entry under the timeline.
      await portal.harness.drain();
      await page.reload();
      await page.getByRole('heading', { level: 2, name: tr.state.cooling_off.name, exact: true }).waitFor();
      assert.deepEqual(await nextStepRows(page), [
        step(tr, 'cooling_off_end', 'due', formatInstant(coolingOffEnd.toISOString(), locale, zone)),
        ...ahead.slice(1),
      ]);
      const notifications = page.locator('.messages details');
      assert.ok((await notifications.count()) >= 2, 'the receipt and the cooling-off notice');
      assert.equal(await page.locator('.messages details[open]').count(), 0, 'folded');
      const timelineBox = await page.locator('.timeline').boundingBox();
      const messagesBox = await page.locator('.messages').boundingBox();
      assert.ok(timelineBox && messagesBox && messagesBox.y > timelineBox.y, 'messages under the timeline');
      const first = notifications.first();
      assert.equal(await first.locator('.copy').first().isVisible(), false);
      // Keyboard: Tab reaches the entry, Enter opens it.
      await first.locator('summary').focus();
      await page.keyboard.press('Enter');
      await first.locator('.copy').first().waitFor();
      assert.equal(await first.getAttribute('open'), '');
      await fits(page, 'next-case-cooling-off-en', problems);

      // Cooling-off over, approved: the card's deadline is a date now (the session ended meanwhile).
      await portal.harness.advance(25 * HOUR);
      const approvedAt = portal.harness.clock.now();
      await page.reload();
      await page.getByRole('link', { name: tr.case.signIn }).click();
      await signInByCode(page, portal, tr, { msisdn, iccid });
      await page.getByRole('heading', { level: 2, name: tr.state.awaiting_card_return.name, exact: true }).waitFor();
      const cardBy = new Date(approvedAt.getTime() + 14 * DAY);
      assert.deepEqual(await nextStepRows(page), [
        step(tr, 'card_return_deadline', 'due', formatInstant(cardBy.toISOString(), locale, zone)),
        step(tr, 'line_end', 'afterEarlierSteps', formatDate(endsOn, locale)),
        step(tr, 'number_release', 'expected', formatDate(addDays(localDay(cardBy, zone), 90), locale)),
      ]);
      await fits(page, 'next-case-card-return-en', problems);

      // Withdrawn: no steps ahead, no "Line ends", and when it was withdrawn.
      await page.getByRole('button', { name: tr.case.withdraw }).click();
      await page.getByRole('button', { name: tr.case.withdrawYes }).click();
      await page.getByRole('heading', { level: 2, name: tr.state.withdrawn.name, exact: true }).waitFor();
      assert.equal(await page.locator('#next-steps').count(), 0);
      const main = await page.locator('main').innerText();
      assert.ok(!main.includes(tr.next.line_end.label) && !main.includes(tr.receipt.endsOn), main);
      await page.getByText(tr.case.endedAt.withdrawn, { exact: true }).waitFor();
      await fits(page, 'next-case-withdrawn-en', problems);

      // The receipt, opened again, says so; and the list of cases promises no end date.
      await page.goto(`${new URL(page.url()).pathname}/receipt`);
      await page.getByRole('heading', { level: 1, name: tr.receipt.title }).waitFor();
      await page.getByRole('status').getByText(tr.state.withdrawn.text, { exact: false }).waitFor();
      assert.equal(await page.locator('#next-steps').count(), 0);
      assert.ok(!(await page.locator('main').innerText()).includes(tr.receipt.endsOn));
      await page.getByText(tr.receipt.endsOnRequested, { exact: true }).waitFor();
      await fits(page, 'next-receipt-withdrawn-en', problems);
      await page.getByRole('navigation').getByRole('link', { name: tr.layout.myCases }).click();
      await page.getByRole('heading', { level: 1, name: tr.cases.title }).waitFor();
      await page.getByText(reference, { exact: false }).waitFor();
      assert.ok(!(await page.locator('main').innerText()).includes(fill(tr.cases.ends, { date: '' }).trim()));
    });
  });

  test('completed, in Chinese: what happened and when; the number released, named so on the timeline', async () => {
    const tr = texts['zh-CN'];
    const persona = personaByKey['uk-debt-arrangement']!;
    const { msisdn } = lines['uk-debt-arrangement']![0]!;
    const locale = localeFor('zh-CN', 'UK');
    const zone = 'Europe/London';
    // Filed online; cooling-off, approval, the line's end (30 days' notice) and execution all pass.
    const { id } = await fileOnline(portal.harness, 'uk-debt-arrangement');
    await portal.harness.advance(25 * HOUR);
    await portal.harness.advance(35 * DAY);
    const caseView = async () => {
      const token = await staffToken(portal.harness, 'supervisor@demo.simexit.test');
      return (await portal.harness.request({ method: 'GET', url: `/v1/staff/cases/${id}`, token })).body;
    };
    const completed = await caseView();
    assert.equal(completed.state, 'completed', JSON.stringify(completed.timeline));
    const closedAt = new Date(
      completed.timeline.find((e: { to: string; from: string }) => e.to === 'completed' && e.from !== 'completed').at,
    );
    const releaseAt = new Date(completed.number.releaseAt);

    const signInAgain = async (page: Page) => {
      await page.goto(`/cases/${id}`);
      await page.getByRole('link', { name: tr.case.signIn }).click();
      // The line is closed: the code goes to the account's e-mail.
      await signInByCode(page, portal, tr, { msisdn, accountLogin: persona.accountLogin, email: persona.email });
    };
    await inBrowser('next-completed', 'zh-CN', async (page, problems) => {
      await signInAgain(page);
      await page.getByRole('heading', { level: 2, name: tr.state.completed.name, exact: true }).waitFor();
      await page.getByRole('heading', { level: 2, name: tr.next.doneTitle }).waitFor();
      assert.deepEqual(await nextStepRows(page), [
        step(tr, 'line_end', 'done', formatDate(localDay(closedAt, zone), locale)),
        step(tr, 'number_release', 'due', formatDate(localDay(releaseAt, zone), locale)),
      ]);
      assert.ok(!(await page.locator('main').innerText()).includes(tr.next.line_end.label));
      await fits(page, 'next-case-completed-zh-CN', problems);

      // Quarantine over: the number is released, and the timeline says so (not "cancelled" again).
      await portal.harness.advance(91 * DAY);
      assert.equal((await caseView()).number.status, 'released');
      await signInAgain(page);
      await page.getByRole('heading', { level: 2, name: tr.state.completed.name, exact: true }).waitFor();
      const released = new Date((await caseView()).number.releasedAt);
      assert.deepEqual(await nextStepRows(page), [
        step(tr, 'line_end', 'done', formatDate(localDay(closedAt, zone), locale)),
        step(tr, 'number_release', 'done', formatDate(localDay(released, zone), locale)),
      ]);
      const events = await page.locator('.timeline li span').allTextContents();
      assert.equal(events.at(-1), tr.case.event.number_released);
      assert.equal(events.filter((e) => e === tr.state.completed.name).length, 1, events.join(' | '));
      await fits(page, 'next-case-released-zh-CN', problems);
    });
  });
});
