import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { crc32, deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { consoleEn } from '../../web/i18n/console-en.js';
import { en } from '../../web/i18n/en.js';
import { DAY, personaLines } from '../support/harness.js';
import { asStaffMember, fill, fillDate, problemsAtWidths, startPortal, type Portal } from './browser.js';

/**
 * Staff screens in a real browser. A clerk keys in a letter whose address contradicts the account:
 * filing stops at a check step listing what did not match, the clerk sends it to review with a note,
 * and the case page says so (not a green "Filed" over a rejection). A supervisor then reviews it:
 * the SIM swap is shown with when it happened and what to check, the letter's contradiction with
 * the clerk's note, approving asks for confirmation, and the first approval names its approver.
 * Every console page, these included, passes axe and never scrolls sideways at 360 and 1280 px; the
 * admin page shows one market's policy at a time behind keyboard-operable tabs.
 */
const c = consoleEn.console;
let portal: Portal;
let lines: Record<string, { msisdn: string; iccid: string }[]>;

/** A white PNG of the size of a letter scanned at 200 dpi (A4 is 1654 × 2339 px): far wider than any column. */
function scannedLetter(width = 1654, height = 2339): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const row = Buffer.alloc(width + 1, 0xff);
  row[0] = 0; // filter: none
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

before(async () => {
  portal = await startPortal();
  lines = await personaLines(portal.harness);
});
after(async () => {
  await portal?.close();
});

const asStaff = (who: string, name: string, walk: (page: Page) => Promise<void>) =>
  asStaffMember(portal, who, name, walk, { prefix: 'staff-screens' });

/**
 * The page passes axe and does not scroll sideways at 360 and 1280 px, and no table scrolls sideways
 * inside its box either (a phone user would have to, to read it).
 */
async function holds(page: Page, name: string) {
  const problems = await problemsAtWidths(page, name);
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    const scrolling = Number(
      await page.evaluate(
        `[...document.querySelectorAll('.table-wrap')].filter((box) => box.scrollWidth > box.clientWidth).length`,
      ),
    );
    if (scrolling > 0) problems.push(`${width} px: ${scrolling} table(s) scroll sideways`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  assert.deepEqual(problems, [], name);
}

async function staffView(id: string) {
  const signedIn = await portal.harness.request({
    method: 'POST',
    url: '/v1/staff/sessions',
    payload: { email: 'supervisor@demo.simexit.test', password: 'simexit-demo' },
  });
  const token = signedIn.body.token as string;
  return (await portal.harness.request({ method: 'GET', url: `/v1/staff/cases/${id}`, token })).body;
}

describe('staff screens', () => {
  test('a clerk’s letter whose address differs is checked before filing and sent to review; the reviewer sees why', async () => {
    const { msisdn } = lines['uk-sim-swap']![0]!;
    let caseId = '';
    await asStaff('clerk', 'letter-check', async (page) => {
      await page.goto(`/console/lines/${encodeURIComponent(msisdn)}`);
      await page.getByRole('heading', { level: 1, name: fill(c.line.title, { msisdn }) }).waitFor();
      await holds(page, 'staff-line');
      await page.getByRole('link', { name: c.channel.mail }).click();
      await page
        .getByLabel(c.intake.scan)
        .setInputFiles({ name: 'letter.png', mimeType: 'image/png', buffer: scannedLetter() });
      await page.getByRole('img', { name: c.intake.scanAlt }).waitFor();
      await page.getByLabel(c.intake.holderName).fill('Emily Clarke');
      await page.getByLabel(c.field.address).fill('3 Old Road, Glasgow G1 1AA');
      await fillDate(page, c.intake.dateOfBirth, '1996-12-24');
      await fillDate(page, c.intake.letterDate, '2026-11-20');
      // The help speaks of whatever differs, the address here (not only the name).
      await page.getByText(c.intake.differs, { exact: true }).waitFor();
      await page.getByText(c.intake.mismatchHelp).waitFor();
      await holds(page, 'staff-intake-mail');
      await page.getByRole('button', { name: c.intake.submit }).click();

      // The check step: nothing is filed yet; what did not match, and the three ways on.
      const check = page.getByRole('region', { name: c.letterCheck.title });
      await check.waitFor();
      const row = check.getByRole('row', { name: new RegExp(c.letterCheck.factorName.address) });
      await row.getByText('3 Old Road, Glasgow G1 1AA').waitFor();
      await row.getByText('18 Park Avenue, Glasgow G3 6BY').waitFor();
      assert.equal(await check.getByRole('row', { name: new RegExp(`^${c.letterCheck.factorName.name}`) }).count(), 0);
      assert.match(page.url(), /\/file\?channel=mail$/, 'still on the filing page');
      // Filing without a choice says what to do.
      await check.getByRole('button', { name: c.letterCheck.submitChoose }).click();
      await page.getByText(c.letterCheck.chooseFirst).waitFor();
      await check.getByLabel(c.letterCheck.outcome.review).check();
      await check.getByLabel(c.letterCheck.reviewNote).fill('Signed letter; she may have moved.');
      await holds(page, 'staff-letter-check');
      await check.getByRole('button', { name: c.letterCheck.submit.review }).click();

      await page.waitForURL(/\/console\/cases\/[0-9a-f-]{36}/);
      caseId = /\/console\/cases\/([0-9a-f-]{36})/.exec(page.url())![1]!;
      const banner = page.getByRole('status').filter({ hasText: c.case.filedReview });
      await banner.waitFor();
      assert.equal(await banner.getAttribute('class'), 'success');
      assert.equal(await page.getByText(c.case.filed, { exact: true }).count(), 0);
      // The clerk who filed has nothing to decide on it; the page says so rather than an empty list.
      await page.getByText(fill(c.case.nothingToDecide, { state: c.stateName.submitted })).waitFor();
      await holds(page, 'staff-case-filed-review');
    });
    const filed = await staffView(caseId);
    assert.equal(filed.state, 'submitted');
    assert.deepEqual(filed.staff.verification.mismatched, ['address']);
    assert.deepEqual(filed.staff.verification.mismatchOutcome, {
      outcome: 'review',
      note: 'Signed letter; she may have moved.',
    });

    await portal.harness.drain();
    await portal.harness.advance(2 * DAY);
    assert.equal((await staffView(caseId)).state, 'in_review');

    await asStaff('supervisor', 'review-context', async (page) => {
      await page.goto('/console/queue');
      await page.getByRole('heading', { level: 1, name: c.queue.title }).waitFor();
      await page.locator('table').waitFor();
      await holds(page, 'staff-queue');
      await page.goto(`/console/cases/${caseId}`);
      const context = page.getByRole('region', { name: c.review.title });
      await context.waitFor();
      const swap = context.getByRole('article', { name: c.risk.recent_sim_swap });
      await swap.getByText(c.review.about.recent_sim_swap).waitFor();
      await swap
        .getByText(/^SIM changed on .+ before the request was received\. Changes within 72 hours count\.$/)
        .waitFor();
      await swap.getByText(c.review.check.recent_sim_swap).waitFor();
      const letter = context.getByRole('article', { name: c.review.reasonName.letter_mismatch });
      await letter.getByText(/Did not match: Address\. Casey Clerk sent it to review\./).waitFor();
      await letter.getByText('Signed letter; she may have moved.').waitFor();
      await holds(page, 'staff-case-review');

      // Approving asks first, then names the approver on the timeline.
      await page.getByRole('button', { name: c.case.approve }).click();
      await page.getByText(c.case.approveFirstConfirm).waitFor();
      await holds(page, 'staff-case-approve-confirm');
      await page.getByRole('button', { name: c.case.confirmApprove }).click();
      await page.getByText(c.case.approved).waitFor();
      await page
        .getByRole('region', { name: en.case.timeline })
        .getByText(`${c.event.firstApproval} · Pat Supervisor`)
        .waitFor();
      await page.getByText(c.case.approvedBy).waitFor();
    });
    const view = await staffView(caseId);
    assert.equal(view.state, 'in_review', 'a SIM swap needs a second approver');
    assert.equal(view.staff.approvals.length, 1);
  });

  test('every console page holds at 360 and 1280 px; the admin page shows one market at a time', async () => {
    const { msisdn } = lines['uk-two-lines']![0]!;
    await asStaff('supervisor', 'pages-supervisor', async (page) => {
      const visit = async (path: string, heading: string, name: string) => {
        await page.goto(path);
        await page.getByRole('heading', { level: 1, name: heading }).waitFor();
        await page.locator('.loading').waitFor({ state: 'detached' });
        await holds(page, name);
      };
      await visit('/console', fill(c.home.greeting, { role: c.role.supervisor }), 'staff-home');
      await visit('/console/search', c.search.title, 'staff-search');
      await visit(`/console/lines/${encodeURIComponent(msisdn)}`, fill(c.line.title, { msisdn }), 'staff-line-two');
      await visit(
        `/console/lines/${encodeURIComponent(msisdn)}/file?channel=phone`,
        fill(c.intake.titleFor, { msisdn, channel: c.channel.phone }),
        'staff-intake-phone',
      );
      await visit('/console/card-returns', c.cards.title, 'staff-card-returns');
      await visit('/console/work', c.work.title, 'staff-work');
      await visit('/console/reports', c.reports.title, 'staff-reports');
    });
    await asStaff('admin', 'pages-admin', async (page) => {
      await page.goto('/console/admin');
      await page.getByRole('heading', { level: 1, name: c.admin.title }).waitFor();
      const tabs = page.getByRole('tablist', { name: c.admin.markets });
      await tabs.waitFor();
      assert.equal(await tabs.getByRole('tab').count(), 4);
      const uk = tabs.getByRole('tab', { name: en.market.UK });
      assert.equal(await uk.getAttribute('aria-selected'), 'true');
      // One market's editor at a time, not four stacked.
      assert.equal(await page.getByRole('tabpanel').count(), 1);
      await page
        .getByRole('tabpanel')
        .getByRole('heading', { name: fill(c.admin.policyFor, { market: en.market.UK, version: 1 }) })
        .waitFor();
      await holds(page, 'staff-admin');
      const height = Number(await page.evaluate('document.documentElement.scrollHeight'));
      assert.ok(height < 4000, `the admin page is ${height} px tall at 1280 px`);
      // Arrow keys move between markets; the choice is in the URL.
      await uk.focus();
      await page.keyboard.press('ArrowRight');
      const de = tabs.getByRole('tab', { name: en.market.DE });
      assert.equal(await de.getAttribute('aria-selected'), 'true');
      assert.equal(await page.evaluate('document.activeElement.textContent'), en.market.DE);
      assert.match(page.url(), /market=DE$/);
      await page
        .getByRole('tabpanel')
        .getByRole('heading', { name: fill(c.admin.policyFor, { market: en.market.DE, version: 1 }) })
        .waitFor();
      await page.keyboard.press('End');
      assert.equal(await tabs.getByRole('tab', { name: en.market.US }).getAttribute('aria-selected'), 'true');
      await holds(page, 'staff-admin-us');
      await page.goto('/console/bulk-runs');
      await page.getByRole('heading', { level: 1, name: c.bulk.title }).waitFor();
      await holds(page, 'staff-bulk-runs');
      await page.goto('/console/bulk-runs/new');
      await page.getByRole('heading', { level: 1, name: c.bulk.form.title }).waitFor();
      await holds(page, 'staff-bulk-run-new');
    });
  });
});
