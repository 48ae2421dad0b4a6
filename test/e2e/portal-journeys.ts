import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { personas } from '../../src/ports/adapters/demo/personas.js';
import { HOUR, passLineEnd, personaLines, staffToken } from '../support/harness.js';
import {
  accessibilityProblems,
  fill,
  filledPattern,
  openContext,
  screenshots,
  signInByCode,
  startPortal,
  texts,
  type Language,
  type Portal,
  SCREENSHOTS,
} from './browser.js';

/**
 * The subscriber's whole journey in a real browser, per persona and language: identify with the SIM
 * serial and a code from the line, settle the checklist, confirm with one button, get the receipt
 * (and its PDF), then — after the scheduler and worker have done their part — sign in again with the
 * account login (the line no longer receives texts) and download the confirmation letter.
 * Every page is checked with axe and photographed at 360 and 1280 px.
 */
type Fix = 'transfer' | 'pay_debt' | 'nothing' | 'acknowledge_services' | 'forfeit';

interface Journey {
  persona: string;
  fix: Fix;
  cardReturn: boolean;
}

const journeys: Journey[] = [
  { persona: 'uk-prepaid-credit', fix: 'transfer', cardReturn: false },
  { persona: 'uk-debt', fix: 'pay_debt', cardReturn: false },
  // An ordinary cancellation of a contract: nothing to accept (portal-end-dates.test.ts walks the early exit).
  { persona: 'uk-contract', fix: 'nothing', cardReturn: false },
  { persona: 'uk-bound-services', fix: 'acknowledge_services', cardReturn: false },
  { persona: 'uk-data-card-return', fix: 'forfeit', cardReturn: true },
];

const personaByKey = Object.fromEntries(personas.map((p) => [p.key, p]));

let portal: Portal;
let lines: Record<string, { msisdn: string; iccid: string }[]>;

async function checkPage(page: Page, name: string, problems: string[]) {
  const found = await accessibilityProblems(page);
  assert.deepEqual(found, [], `${name}: axe found serious or critical problems`);
  await screenshots(page, name);
  assert.deepEqual(problems, [], `${name}: console errors`);
}

/** Clicks a download link and checks that a PDF named `filenamePrefix…` arrives. */
async function downloadPdf(page: Page, linkName: string, filenamePrefix: string): Promise<void> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: linkName }).click(),
  ]);
  assert.ok(download.suggestedFilename().startsWith(filenamePrefix), download.suggestedFilename());
  assert.equal(
    readFileSync(await download.path())
      .subarray(0, 5)
      .toString(),
    '%PDF-',
  );
}

/** Signs in on the identify page with the number and either the ICCID (code by SMS) or the account login (code by e-mail). */
async function identify(
  page: Page,
  language: Language,
  input: { msisdn: string; iccid?: string; accountLogin?: string; email?: string },
) {
  await signInByCode(page, portal, texts[language], input);
}

const outstandingBadges =
  '.badge-blocking, .badge-requires_acceptance, .badge-requires_decision, .badge-requires_acknowledgement';

async function settleChecklist(page: Page, language: Language, journey: Journey) {
  const tr = texts[language];
  switch (journey.fix) {
    case 'transfer':
      await page.locator('#balance-transfer').check();
      await page.getByLabel(tr.checklist.balance.transferTo).fill(lines['uk-two-lines']![1]!.msisdn);
      await page.getByLabel(tr.checklist.balance.transferTo).press('Tab');
      break;
    case 'pay_debt':
      // Trying to go on first shows what blocks, with a link to it.
      await page.getByRole('button', { name: tr.checklist.continue }).click();
      await page.getByRole('alert').getByRole('link', { name: tr.checklist.outstanding.debt }).waitFor();
      await page.locator('#item-debt button').click();
      break;
    case 'nothing':
      break;
    case 'acknowledge_services':
      for (const box of await page.locator('input[id^="field-ack-"]').all()) await box.check();
      break;
    case 'forfeit':
      await page.locator('#balance-forfeit').check();
      await page.locator('#forfeit-ack').check();
      break;
  }
  // (The page's CSP forbids evaluating strings, so this waits through a locator.)
  await page.locator(outstandingBadges).first().waitFor({ state: 'detached' });
}

/**
 * The journeys in one language, with a simexit of its own; each language is a test file of its own
 * (portal-journeys-*.test.ts), so the two run side by side.
 */
export function portalJourneys(language: Language): void {
  describe(`portal journeys in ${language}`, () => {
    before(async () => {
      portal = await startPortal();
      lines = await personaLines(portal.harness);
    });
    after(async () => {
      await portal?.close();
    });

    for (const journey of journeys) {
      test(`${journey.persona}: identify, checklist, cancel, receipt, completion, confirmation letter`, async () => {
        const tr = texts[language];
        const persona = personaByKey[journey.persona]!;
        const line = lines[journey.persona]![0]!;
        const { context, page, problems } = await openContext(portal, language);
        const shot = (step: string) => `${step}-${journey.persona}-${language}`;
        try {
          await page.goto('/');
          await page.getByRole('heading', { level: 1, name: tr.home.title }).waitFor();
          assert.equal(await page.locator('html').getAttribute('lang'), language);
          await checkPage(page, shot('home'), problems);

          // The one entry point, in the header of every page.
          await page.getByRole('navigation').getByRole('link', { name: tr.layout.cancelEntry }).click();
          await page.getByRole('heading', { level: 1, name: tr.identify.title }).waitFor();
          await checkPage(page, shot('identify'), problems);
          await identify(page, language, { msisdn: line.msisdn, iccid: line.iccid });

          await page.getByRole('heading', { level: 1, name: tr.lines.title }).waitFor();
          await checkPage(page, shot('lines'), problems);
          await page.getByRole('link', { name: tr.lines.check }).click();

          await page
            .getByRole('heading', { level: 1, name: fill(tr.checklist.titleFor, { msisdn: line.msisdn }) })
            .waitFor();
          await page.locator('.checklist').waitFor();
          await checkPage(page, shot('checklist'), problems);
          await settleChecklist(page, language, journey);
          await checkPage(page, shot('checklist-settled'), problems);
          await page.getByRole('button', { name: tr.checklist.continue }).click();

          await page.getByRole('heading', { level: 1, name: tr.confirm.title }).waitFor();
          await checkPage(page, shot('confirm'), problems);
          await page.getByRole('button', { name: tr.confirm.submit }).click();

          await page.getByRole('heading', { level: 1, name: tr.receipt.title }).waitFor();
          const caseId = /\/cases\/([0-9a-f-]{36})\/receipt$/.exec(page.url())?.[1];
          assert.ok(caseId, `receipt URL names the case: ${page.url()}`);
          await page.locator('.reference', { hasText: /^SX-[0-9A-F]{8}$/ }).waitFor();
          await checkPage(page, shot('receipt'), problems);
          await downloadPdf(page, tr.receipt.download, 'simexit-receipt-SX-');
          await page.getByLabel(tr.receipt.surveyReason).selectOption('price');
          await page.getByRole('button', { name: tr.receipt.surveySend }).click();
          await page.getByText(tr.receipt.surveyThanks).waitFor();

          // The worker assesses the case at once; the scheduler ends the cooling-off (24 h in the UK)
          // and the worker carries the case out.
          await portal.harness.drain();
          await portal.harness.advance(25 * HOUR);
          if (journey.cardReturn) {
            const staff = await staffToken(portal.harness, 'clerk@demo.simexit.test');
            const returned = await portal.harness.request({
              method: 'POST',
              url: `/v1/staff/cases/${caseId}/card-return`,
              token: staff,
              payload: { iccid: line.iccid },
            });
            assert.equal(returned.status, 200, JSON.stringify(returned.body));
            await portal.harness.advance(HOUR);
          }

          // The session has expired meanwhile (and a closed line no longer receives texts): sign in with the login.
          const signInAgain = async (check: boolean) => {
            await page.goto(`/cases/${caseId}`);
            await page.getByRole('heading', { level: 1, name: tr.case.signedOutTitle }).waitFor();
            if (check) await checkPage(page, shot('case-signed-out'), problems);
            await page.getByRole('link', { name: tr.case.signIn }).click();
            await identify(page, language, {
              msisdn: line.msisdn,
              accountLogin: persona.accountLogin,
              email: persona.email,
            });
          };
          if (!persona.lines[0]!.prepaid) {
            // A post-paid line is switched off on the date its receipt gave (its notice or minimum term),
            // not when it is approved: until then the case page says when, and it can still be withdrawn.
            await signInAgain(true);
            await page.getByRole('heading', { level: 2, name: tr.state.scheduled.name }).waitFor();
            await page.getByText(filledPattern(tr.state.scheduled.text)).waitFor();
            await page.getByRole('button', { name: tr.case.withdraw }).waitFor();
            await checkPage(page, shot('case-scheduled'), problems);
            await passLineEnd(portal.harness, caseId);
            await signInAgain(false);
          } else {
            await signInAgain(true);
          }
          await page.getByRole('heading', { level: 2, name: tr.state.completed.name }).waitFor();
          await page.getByText(tr.state.completed.text).waitFor();
          await checkPage(page, shot('case-completed'), problems);
          await downloadPdf(page, tr.case.downloadLetter, 'simexit-confirmation-SX-');
        } catch (error) {
          await page.screenshot({ path: `${SCREENSHOTS}/FAILED-${shot('at')}.png`, fullPage: true });
          throw error;
        } finally {
          await context.close();
        }
      });
    }
  });
}
