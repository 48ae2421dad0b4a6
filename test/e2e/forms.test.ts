import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { consoleEn } from '../../web/i18n/console-en.js';
import type { Resources } from '../../web/i18n/en.js';
import { zhCN } from '../../web/i18n/zh-CN.js';
import { formatDate } from '../../web/shared/format.js';
import { latestCode, personaLines } from '../support/harness.js';
import {
  asStaffMember,
  de,
  fill,
  fillDate,
  openContext,
  problemsAtWidths,
  SCREENSHOTS,
  startPortal,
  texts,
  type Language,
  type Portal,
} from './browser.js';

/**
 * One error pattern on every form (web/shared/form-errors.tsx): a failed submit shows an error summary
 * that takes focus, puts "Error: " in the page title and links to each field, whose own message is
 * wired to it (aria-describedby, aria-invalid); an empty number and a malformed one get different
 * messages; numbers are taken in the national format; dates are entered in three boxes in the order of
 * the page's language, whatever Chromium's own locale (en-US here, whose date picker shows mm/dd/yyyy);
 * an agent records the language the holder asks for.
 */
const deTexts = de as Resources;
const c = consoleEn.console;
let portal: Portal;
let lines: Record<string, { msisdn: string; iccid: string }[]>;

before(async () => {
  portal = await startPortal();
  lines = await personaLines(portal.harness);
});
after(async () => {
  await portal?.close();
});

async function inBrowser(name: string, language: Language | 'de', walk: (page: Page) => Promise<void>) {
  const { context, page, problems } = await openContext(portal, language as Language, { width: 1280, height: 900 });
  try {
    await walk(page);
    assert.deepEqual(problems, [], `${name}: console errors`);
  } catch (error) {
    await page.screenshot({ path: `${SCREENSHOTS}/FAILED-forms-${name}.png`, fullPage: true });
    throw error;
  } finally {
    await context.close();
  }
}

/** The error summary: focused, named, its links' texts and targets; the title starts with the prefix. */
async function assertSummary(page: Page, tr: Resources, messages: string[]) {
  const summary = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: tr.common.problem }) });
  await summary.waitFor();
  const links = summary.getByRole('link');
  await links.first().waitFor();
  assert.deepEqual(await links.allTextContents(), messages);
  const focused = await page.locator('.error-summary:focus').count();
  assert.equal(focused, 1, 'the error summary has focus');
  assert.ok((await page.title()).startsWith(tr.common.errorTitlePrefix), `title: ${await page.title()}`);
  return links;
}

/** The field's control says it is invalid and names its message. */
async function assertInline(page: Page, selector: string, message: string) {
  const control = page.locator(selector);
  assert.equal(await control.getAttribute('aria-invalid'), 'true', `${selector} is marked invalid`);
  const describedBy = (await control.getAttribute('aria-describedby')) ?? '';
  const texts = await Promise.all(
    describedBy
      .split(' ')
      .filter(Boolean)
      .map((id) => page.locator(`[id="${id}"]`).textContent()),
  );
  assert.ok(
    texts.some((text) => text?.includes(message)),
    `${selector} is described by ${JSON.stringify(texts)}, not by "${message}"`,
  );
}

/**
 * A date field's message: its group (the fieldset, as in the GOV.UK date input) is described by it,
 * and the box to correct is marked invalid.
 */
async function assertDateInline(page: Page, legend: string, box: string, message: string) {
  const group = page.getByRole('group', { name: legend, exact: true });
  const describedBy = (await group.getAttribute('aria-describedby')) ?? '';
  const texts = await Promise.all(
    describedBy
      .split(' ')
      .filter(Boolean)
      .map((id) => page.locator(`[id="${id}"]`).textContent()),
  );
  assert.ok(
    texts.some((text) => text?.includes(message)),
    `${legend} is described by ${JSON.stringify(texts)}`,
  );
  assert.equal(await group.getByLabel(box, { exact: true }).getAttribute('aria-invalid'), 'true', `${box} is invalid`);
}

/** The labels of a date field's boxes, in the order they are on the page. */
async function dateBoxes(page: Page, legend: string): Promise<string[]> {
  return page.getByRole('group', { name: legend, exact: true }).locator('.date-part label').allTextContents();
}

const national = (e164: string) =>
  e164.startsWith('+44') ? `0${e164.slice(3, 7)} ${e164.slice(7)}` : `0${e164.slice(3, 6)} ${e164.slice(6)}`;

describe('forms', () => {
  test('en-GB: the error summary, empty against malformed numbers, a national number, the date field', async () => {
    const tr = texts.en;
    const { msisdn, iccid } = lines['uk-contract']![0]!;
    await inBrowser('identify-en', 'en', async (page) => {
      await page.goto('/identify');
      await page.getByRole('heading', { level: 1, name: tr.identify.title }).waitFor();
      // The demo banner's clock reads the British way (3 December 2026), not the US way (December 3).
      const clock = await page.locator('.demo-banner time').textContent();
      assert.match(clock ?? '', /^\d{1,2} [A-Z][a-z]+ \d{4}/, `demo clock: ${clock}`);

      // Nothing entered: the summary lists both fields, in the page's order, and takes focus.
      await page.getByRole('button', { name: tr.identify.sendCode }).click();
      const links = await assertSummary(page, tr, [tr.identify.msisdnMissing, tr.identify.iccidMissing]);
      await assertInline(page, 'input[name=msisdn]', tr.identify.msisdnMissing);
      await assertInline(page, 'input[name=iccid]', tr.identify.iccidMissing);
      assert.deepEqual(await problemsAtWidths(page, 'forms-identify-empty-en'), []);
      // Each link moves focus to its field.
      await links.nth(1).click();
      assert.equal(await page.locator('input[name=iccid]:focus').count(), 1, 'the serial number box has focus');
      await links.nth(0).click();
      assert.equal(await page.locator('input[name=msisdn]:focus').count(), 1, 'the number box has focus');

      // A number in no market's format: the format message, from the server, at the field.
      await page.locator('input[name=msisdn]').fill('07700 9001');
      await page.locator('input[name=iccid]').fill(iccid);
      await page.getByRole('button', { name: tr.identify.sendCode }).click();
      await assertSummary(page, tr, [tr.errors.INVALID_MSISDN]);
      await assertInline(page, 'input[name=msisdn]', tr.errors.INVALID_MSISDN);
      assert.notEqual(tr.errors.INVALID_MSISDN, tr.identify.msisdnMissing);

      // The number as it is written in the UK.
      await page.locator('input[name=msisdn]').fill(national(msisdn));
      await page.getByRole('button', { name: tr.identify.sendCode }).click();
      await page.getByRole('heading', { level: 1, name: tr.identify.codeTitle }).waitFor();
      assert.ok(
        !(await page.title()).startsWith(tr.common.errorTitlePrefix),
        'the title has no error once it is fixed',
      );
      await page.locator('input[name=code]').fill(await latestCode(portal.harness, msisdn));
      await page.getByRole('button', { name: tr.identify.verify }).click();
      await page.getByRole('link', { name: tr.lines.check }).click();
      await page.getByRole('heading', { level: 1, name: fill(tr.checklist.titleFor, { msisdn }) }).waitFor();
      await page.getByRole('button', { name: tr.checklist.continue }).click();
      await page.getByRole('heading', { level: 1, name: tr.confirm.title }).waitFor();

      // The end date: day, month, year, in boxes; nothing typed, then no such day, then a date.
      await page.getByLabel(tr.confirm.endChosen).check();
      assert.deepEqual(await dateBoxes(page, tr.confirm.endDate), [tr.date.day, tr.date.month, tr.date.year]);
      await page
        .getByRole('group', { name: tr.confirm.endDate })
        .getByText(fill(tr.date.example, { example: '27 3 2027' }))
        .waitFor();
      await page.getByRole('button', { name: tr.confirm.submit }).click();
      await assertSummary(page, tr, [tr.confirm.endDateMissing]);
      await fillDate(page, tr.confirm.endDate, '2027-02-29', tr.date);
      await page.getByRole('button', { name: tr.confirm.submit }).click();
      await assertSummary(page, tr, [fill(tr.date.notReal, { label: tr.confirm.endDate })]);
      await assertDateInline(
        page,
        tr.confirm.endDate,
        tr.date.day,
        fill(tr.date.notReal, { label: tr.confirm.endDate }),
      );
      assert.deepEqual(await problemsAtWidths(page, 'forms-confirm-date-en'), []);
      await fillDate(page, tr.confirm.endDate, '2028-06-30', tr.date);
      await page.locator('#ends-on').getByText(formatDate('2028-06-30', 'en-GB')).waitFor();
      assert.equal(formatDate('2028-06-30', 'en-GB'), '30 June 2028');
    });
  });

  test('de-DE: a German national number, the date field in German and in Chinese order', async () => {
    const tr = deTexts;
    const { msisdn, iccid } = lines['de-contract']![0]!;
    await inBrowser('confirm-de', 'de', async (page) => {
      await page.goto('/identify');
      await page.getByRole('button', { name: tr.identify.sendCode }).click();
      await assertSummary(page, tr, [tr.identify.msisdnMissing, tr.identify.iccidMissing]);
      assert.ok((await page.title()).startsWith('Fehler: '));

      await page.locator('input[name=msisdn]').fill(national(msisdn)); // 0151 12345601
      await page.locator('input[name=iccid]').fill(iccid);
      await page.getByRole('button', { name: tr.identify.sendCode }).click();
      await page.getByRole('heading', { level: 1, name: tr.identify.codeTitle }).waitFor();
      await page.locator('input[name=code]').fill(await latestCode(portal.harness, msisdn));
      await page.getByRole('button', { name: tr.identify.verify }).click();
      await page.getByRole('link', { name: tr.lines.check }).click();
      await page.getByRole('button', { name: tr.checklist.continue }).click();
      await page.getByRole('heading', { level: 1, name: tr.confirm.title }).waitFor();

      await page.getByLabel(tr.confirm.endChosen).check();
      assert.deepEqual(await dateBoxes(page, tr.confirm.endDate), ['Tag', 'Monat', 'Jahr']);
      await page.getByRole('button', { name: tr.confirm.submit }).click();
      const links = await assertSummary(page, tr, [tr.confirm.endDateMissing]);
      await links.first().click();
      assert.equal(await page.locator('[id="field-endDate"]:focus').count(), 1, 'the first box (Tag) has focus');
      await fillDate(page, tr.confirm.endDate, '2028-06-30', tr.date);
      // Shown the German way: 30. Juni 2028.
      await page.locator('#ends-on').getByText(formatDate('2028-06-30', 'de-DE')).waitFor();
      assert.equal(formatDate('2028-06-30', 'de-DE'), '30. Juni 2028');
      assert.deepEqual(await problemsAtWidths(page, 'forms-confirm-date-de'), []);

      // The same field in Chinese reads year, month, day.
      await page.locator('#language').selectOption('zh-CN');
      assert.deepEqual(await dateBoxes(page, zhCN.confirm.endDate), ['年', '月', '日']);
    });
  });

  test('console: the desk searches a national number, files with the holder’s language, summary on a failed filing', async () => {
    const { msisdn } = lines['de-prepaid']![0]!;
    await asStaffMember(
      portal,
      'store',
      'forms-intake',
      async (page) => {
        await page.getByRole('navigation').getByRole('link', { name: c.nav.search }).click();
        await page.getByRole('button', { name: c.search.submit }).click();
        await assertSummary(page, texts.en, [c.search.missing]);
        await page.getByLabel(c.search.label).fill(national(msisdn));
        await page.getByRole('button', { name: c.search.submit }).click();
        await page.getByRole('link', { name: msisdn }).click();
        await page.getByRole('link', { name: c.channel.store }).click();

        // Filing with nothing typed: the summary names the ID document's number and the name.
        await page.getByRole('button', { name: c.intake.submit }).click();
        await assertSummary(page, texts.en, [c.intake.documentNumberMissing, c.intake.holderNameMissing]);
        await assertInline(page, '[id="field-documentNumber"]', c.intake.documentNumberMissing);
        assert.deepEqual(await problemsAtWidths(page, 'forms-intake-errors'), []);

        await page.getByLabel(c.intake.documentType, { exact: true }).selectOption('id_card');
        await page.getByLabel(c.intake.documentNumber).fill('T22000129');
        await page.getByLabel(c.intake.holderName).fill('Jonas Müller');
        await page.locator('#balance-refund').check();
        assert.deepEqual(await dateBoxes(page, texts.en.confirm.endDate), ['Day', 'Month', 'Year']);
        // The language the holder asks for: German by the account, Chinese by the holder's wish.
        const language = page.getByLabel(c.intake.language);
        assert.equal(await language.inputValue(), 'de');
        await language.selectOption('zh-CN');
        await page.getByRole('button', { name: c.intake.submit }).click();
        await page.getByText(c.case.filed).waitFor();
      },
      { prefix: 'forms' },
    );
    const db = portal.harness.system.context.db;
    const filed = await db
      .selectFrom('cases')
      .select(['subscriber_id', 'language'])
      .where('msisdn', '=', msisdn)
      .executeTakeFirstOrThrow();
    assert.equal(filed.language, 'zh-CN');
    const chosen = await db
      .selectFrom('holder_languages')
      .select('language')
      .where('subscriber_id', '=', filed.subscriber_id)
      .executeTakeFirstOrThrow();
    assert.equal(chosen.language, 'zh-CN');
  });
});
