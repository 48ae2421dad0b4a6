import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { consoleEn } from '../../web/i18n/console-en.js';
import { en } from '../../web/i18n/en.js';
import {
  fill,
  fillDate,
  openContext,
  problemsAtWidths,
  SCREENSHOTS,
  signInToConsole,
  startPortal,
  type Portal,
} from './browser.js';

/**
 * The console's bulk deactivation runs in a real browser, as an admin: a list with no line the run
 * could take is refused with every bad row shown (line number, value, reason); a list with good and bad
 * rows starts a run whose page shows the bad rows, then follows the run (the page polls) through the
 * notice, a pause in which nothing moves but an agent's reinstatement, the resume, the bars and the
 * deactivation to the end, with the market report to download. A second run shows a line that could
 * not be processed with its reason, and is cancelled after a confirmation. The list and run pages pass
 * axe at 360 and 1280 px and never scroll sideways. The test's clock moves the run's stages.
 */
const c = consoleEn.console;
const b = c.bulk;
/** The demo operator's synthetic UK prepaid lines: never registered, dormant. */
const synthetic = (n: number) => `+4478${String(n).padStart(8, '0')}`;
/** The run's stages 0.01 day (864 s) apart; the clock moves past each one. */
const STAGE_DAYS = '0.01';
const STAGE_MS = 900_000;

let portal: Portal;

before(async () => {
  portal = await startPortal();
  await portal.harness.system.demo!.seedSyntheticLines(20);
});
after(async () => {
  await portal?.close();
});

const countsRow = (page: Page, label: string, count: number) =>
  page.getByRole('table', { name: b.run.counts }).getByRole('row', { name: `${label} ${count}`, exact: true });

async function runLine(runId: string, msisdn: string) {
  return portal.harness.system.context.db
    .selectFrom('bulk_run_lines')
    .selectAll()
    .where('run_id', '=', runId)
    .where('msisdn', '=', msisdn)
    .executeTakeFirstOrThrow();
}

async function startRun(page: Page, name: string, csv: string) {
  await page.goto('/console/bulk-runs/new');
  await page.getByRole('heading', { level: 1, name: b.form.title }).waitFor();
  await page.getByLabel(b.form.name).fill(name);
  await page.getByLabel(b.form.sourceName.csv).check();
  await page
    .getByLabel(b.form.file, { exact: true })
    .setInputFiles({ name: 'numbers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  for (const stage of ['bar_outgoing', 'bar_full', 'deactivate'] as const)
    await page.getByLabel(b.form.delay[stage]).fill(STAGE_DAYS);
  await page.getByLabel(b.form.linesPerSecond).fill('1000');
  await page.getByRole('button', { name: b.form.submit }).click();
}

async function runIdFromUrl(page: Page): Promise<string> {
  await page.waitForURL(/\/console\/bulk-runs\/[0-9a-f-]{36}$/);
  return /\/console\/bulk-runs\/([0-9a-f-]{36})$/.exec(page.url())![1]!;
}

describe('console: bulk deactivation runs', () => {
  test('an admin starts runs from lists with bad rows, follows one to the end with a pause, and cancels another', async () => {
    const { harness } = portal;
    const { context, page, problems } = await openContext(portal, 'en', { width: 1280, height: 900 });
    try {
      await signInToConsole(page, 'admin');
      await page.getByRole('navigation').getByRole('link', { name: c.nav.bulkRuns }).click();
      await page.getByRole('heading', { level: 1, name: b.title }).waitFor();
      await page.getByText(b.empty).waitFor();

      // Nothing in this list is a line the run could take: refused, every row shown as the API reports it.
      await page.getByRole('link', { name: b.newRun }).click();
      await page.getByRole('heading', { level: 1, name: b.form.title }).waitFor();
      assert.equal(await page.getByLabel(b.form.delay.bar_outgoing).inputValue(), '30', 'the UK default');
      assert.equal(await page.getByLabel(b.form.linesPerSecond).inputValue(), '200');
      await startRun(page, 'Nothing good', 'msisdn\nhello\n+4915112345678\n+447800000001,extra\n+447800000099\n');
      await page.getByRole('alert').getByText(en.errors.BULK_RUN_NO_VALID_LINES).waitFor();
      const refused = page.getByRole('table', { name: b.rejected.caption });
      assert.deepEqual(await refused.locator('tbody tr').allInnerTexts(), [
        `2\thello\t${b.rowReason.invalid_number} (invalid_characters)`,
        `3\t+4915112345678\t${b.rowReason.other_market} (not a number of GB)`,
        `4\t+447800000001,extra\t${b.rowReason.malformed_row} (one number per row, nothing else)`,
        `5\t+447800000099\t${b.rowReason.unknown_number}`,
      ]);
      const runs = await harness.system.context.db.selectFrom('bulk_runs').select('id').execute();
      assert.equal(runs.length, 0, 'no run started');

      // Good rows and bad: the run starts with the good ones; its page lists the bad ones.
      const good = [0, 1, 2, 3, 4].map(synthetic);
      await startRun(
        page,
        'Unregistered SIMs, deadline 1 March',
        ['msisdn', ...good, synthetic(1), 'hello'].join('\n'),
      );
      const runId = await runIdFromUrl(page);
      await page.getByRole('heading', { level: 1, name: 'Unregistered SIMs, deadline 1 March' }).waitFor();
      const rejected = page.getByRole('table', { name: b.rejected.caption });
      // The page reads the rejected rows once the run says it has some.
      await rejected.locator('tbody tr').nth(1).waitFor();
      assert.deepEqual(await rejected.locator('tbody tr').allInnerTexts(), [
        `7\t${synthetic(1)}\t${b.rowReason.duplicate} (same number as row 3)`,
        `8\thello\t${b.rowReason.invalid_number} (invalid_characters)`,
      ]);
      await countsRow(page, b.atStage.pending, 5).waitFor();

      // The worker sends the notices; the page follows by itself.
      await harness.drain();
      await countsRow(page, b.atStage.notice, 5).waitFor();
      await page.getByText(fill(b.percentDone, { percent: 25 })).waitFor();
      assert.deepEqual(await problemsAtWidths(page, 'console-bulk-run'), [], 'run page');

      await page.getByRole('button', { name: b.run.pause }).click();
      await page.getByText(b.run.paused).waitFor();
      await page.getByText(b.run.pausedHint).waitFor();
      await harness.advance(STAGE_MS);
      assert.equal((await runLine(runId, synthetic(0))).stage, 'notice', 'a paused run moves no line on');

      // While paused an agent gives one line back from its case; the run carries it out.
      const helped = await runLine(runId, synthetic(2));
      // Another browser: the agent has a session of their own.
      const desk = await openContext(portal, 'en', { width: 1280, height: 900 });
      try {
        const agent = desk.page;
        await signInToConsole(agent, 'agent');
        await agent.goto(`/console/cases/${helped.case_id}`);
        await agent.getByRole('button', { name: c.case.reinstate }).click();
        await agent.getByLabel(c.case.reinstateNote).fill('Holder registered in store, receipt seen');
        await agent.getByRole('button', { name: c.case.reinstate }).click();
        await agent.getByText(c.case.reinstateRequested).waitFor();
        assert.deepEqual(desk.problems, [], 'agent console errors');
      } finally {
        await desk.context.close();
      }
      await harness.drain();
      await countsRow(page, b.ended.reinstated, 1).waitFor();
      assert.equal((await runLine(runId, synthetic(2))).status, 'reinstated');

      // A second run names a line the first holds in its grace period: listed with the reason; then cancelled.
      await startRun(page, 'Dormant prepaid sweep', [synthetic(0), synthetic(10), synthetic(11)].join('\n'));
      const secondId = await runIdFromUrl(page);
      await harness.drain();
      const failedTable = page.getByRole('table', { name: fill(b.run.failedCaption, { count: 1 }) });
      // The table appears with the count; its rows once the page has read them.
      await failedTable.locator('tbody tr').first().waitFor();
      assert.deepEqual(await failedTable.locator('tbody tr').allInnerTexts(), [
        `${synthetic(0)}\t${b.lineReason.case_already_open}\t${b.run.noCase}`,
      ]);
      await page.getByRole('button', { name: b.run.cancel }).click();
      await page.getByText(b.run.cancelConfirm).waitFor();
      await page.getByRole('button', { name: b.run.keep }).click();
      await page.getByText(b.run.cancelConfirm).waitFor({ state: 'detached' });
      assert.equal((await runLine(secondId, synthetic(10))).status, 'active', 'stepping back changes nothing');
      await page.getByRole('button', { name: b.run.cancel }).click();
      await page.getByRole('button', { name: b.run.cancel }).click();
      await page.getByText(b.run.cancelling).waitFor();
      // The command stores the run's wake-up; the scheduler's sweep starts its job.
      await harness.advance(0);
      await page.getByText(b.state.cancelled, { exact: true }).waitFor();
      assert.equal((await runLine(secondId, synthetic(10))).status, 'reinstated');

      // Back to the first run: resumed, it goes through the bars and the deactivation to the end.
      await page.goto(`/console/bulk-runs/${runId}`);
      await page.getByRole('button', { name: b.run.resume }).click();
      await page.getByText(b.run.resumed).waitFor();
      await harness.advance(0);
      await countsRow(page, b.atStage.bar_outgoing, 4).waitFor();
      await harness.advance(STAGE_MS);
      await countsRow(page, b.atStage.bar_full, 4).waitFor();
      await harness.advance(STAGE_MS);
      await countsRow(page, b.ended.deactivated, 4).waitFor();
      await page.getByText(b.state.completed, { exact: true }).waitFor();
      await page.getByText(fill(b.percentDone, { percent: 100 })).waitFor();
      assert.equal(await page.getByRole('button', { name: b.run.pause }).count(), 0, 'nothing to pause once ended');
      // An ended run says when it ended, not when it is expected to, and the resume notice is gone.
      await page
        .getByRole('term')
        .filter({ hasText: new RegExp(`^${b.run.ended}$`) })
        .waitFor();
      assert.equal(await page.getByRole('term').filter({ hasText: b.run.expectedEnd }).count(), 0);
      assert.equal(
        await page.getByText(b.run.resumed).count(),
        0,
        'the resume notice went with the state it described',
      );
      assert.deepEqual(await problemsAtWidths(page, 'console-bulk-run-completed'), [], 'completed run page');

      const report = await page.request.get(
        (await page.getByRole('link', { name: b.run.report }).getAttribute('href')) ?? '',
      );
      assert.equal(report.status(), 200);
      const rows = (await report.text()).trim().split('\n');
      assert.equal(rows.filter((row) => row.includes(',deactivated,')).length, 4);
      assert.equal(rows.filter((row) => row.includes(',rejected,')).length, 2);

      await page.getByRole('link', { name: b.run.back }).click();
      await page.getByRole('heading', { level: 1, name: b.title }).waitFor();
      await page.getByRole('link', { name: 'Dormant prepaid sweep' }).waitFor();
      await page
        .getByRole('progressbar', { name: fill(b.progressOf, { name: 'Unregistered SIMs, deadline 1 March' }) })
        .waitFor();
      assert.deepEqual(await problemsAtWidths(page, 'console-bulk-runs'), [], 'list page');

      // A run the customer records pick: the selector goes with the form's schedule, the run gathers its lines.
      await page.getByRole('link', { name: b.newRun }).click();
      await page.getByLabel(b.form.name).fill('Unregistered by 1 January');
      await page.getByLabel(b.form.sourceName.unregistered).check();
      await fillDate(page, b.form.registeredBefore, '2027-01-01');
      await page.getByRole('button', { name: b.form.submit }).click();
      const selectorId = await runIdFromUrl(page);
      await page.getByText(fill(b.run.selectorUnregistered, { date: '1 January 2027' })).waitFor();
      const selectorRun = await harness.system.context.db
        .selectFrom('bulk_runs')
        .select(['state', 'selector', 'delay_seconds', 'lines_per_second'])
        .where('id', '=', selectorId)
        .executeTakeFirstOrThrow();
      assert.deepEqual(selectorRun, {
        state: 'preparing',
        selector: { kind: 'unregistered', registeredBefore: '2027-01-01' },
        delay_seconds: { bar_outgoing: 30 * 86_400, bar_full: 14 * 86_400, deactivate: 30 * 86_400 },
        lines_per_second: 200,
      });
      assert.deepEqual(problems, [], 'console errors');
    } catch (error) {
      await page.screenshot({ path: `${SCREENSHOTS}/FAILED-console-bulk-runs.png`, fullPage: true });
      throw error;
    } finally {
      await context.close();
    }
  });
});
