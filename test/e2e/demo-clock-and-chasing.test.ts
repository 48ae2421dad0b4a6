import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { consoleEn } from '../../web/i18n/console-en.js';
import { en } from '../../web/i18n/en.js';
import { fileOnline, latestCode, personaLines, staffSignIn } from '../support/harness.js';
import {
  accessibilityProblems,
  fill,
  filledPattern,
  openContext,
  screenshots,
  signInToConsole,
  startPortal,
  type Portal,
} from './browser.js';

/**
 * The demo as a newcomer uses it, in Chromium: the banner lists the people to try it with and moves
 * the demo clock; a holder writes on their case and chases a review that is late; staff see the
 * review escalate, and escalate again, after moving the clock from the console's banner. Each test
 * has its own simexit (its own demo clock), starting Monday 23 November 2026, 10:00 UTC; the UK
 * policy has 24 hours of cooling-off and a review SLA of two working days.
 */
const c = consoleEn.console;
const portals: Portal[] = [];
after(async () => {
  for (const portal of portals) await portal.close();
});

async function freshPortal(): Promise<Portal> {
  const portal = await startPortal();
  portals.push(portal);
  return portal;
}

async function checkPage(page: Page, name: string, problems: string[]) {
  assert.deepEqual(await accessibilityProblems(page), [], `${name}: axe found serious or critical problems`);
  await screenshots(page, name);
  assert.deepEqual(problems, [], `${name}: console errors`);
}

/** Moves the demo clock with the banner's control and waits for the page to come back saying so. */
async function moveClock(page: Page, step: keyof typeof en.demo.step) {
  await page.getByLabel(en.demo.moveLabel).selectOption(step);
  await page.getByRole('button', { name: en.demo.move }).click();
  const said = fill(en.demo.moved, { step: en.demo.step[step], count: 'N' }).split('N')[0]!;
  await page.getByRole('status').filter({ hasText: said }).waitFor();
}

describe('demo clock and chasing, in the browser', () => {
  test('the banner lists the people to try the demo with, their card serials, ID documents and inboxes', async () => {
    const portal = await freshPortal();
    const { page, problems } = await openContext(portal, 'en');
    await page.goto('/');
    await page.getByRole('heading', { level: 2, name: en.demo.title }).waitFor();
    await page.getByText(en.demo.personas, { exact: true }).first().click();
    const row = page.getByRole('listitem').filter({ hasText: '+447700900108' });
    await row.waitFor();
    const lines = await personaLines(portal.harness);
    await row.getByText(lines['uk-contact-change']![0]!.iccid).waitFor();
    await row.getByText('529910283').waitFor(); // the passport a store agent checks
    await checkPage(page, 'demo-banner-open', problems);
    // The inbox link opens the number's messages, one-time codes included.
    await portal.harness.request({
      method: 'POST',
      url: '/v1/auth/codes',
      payload: { msisdn: '+447700900108', iccid: lines['uk-contact-change']![0]!.iccid },
    });
    const code = await latestCode(portal.harness, '+447700900108');
    const inboxLink = row.getByRole('link', { name: fill(en.demo.smsInbox, { msisdn: '+447700900108' }) });
    assert.equal(await inboxLink.getAttribute('href'), '/inbox/%2B447700900108');
    await page.goto('/inbox/%2B447700900108');
    await page.getByRole('heading', { level: 1, name: fill(en.inbox.title, { address: '+447700900108' }) }).waitFor();
    await page.getByText(code, { exact: false }).first().waitFor();
    await checkPage(page, 'demo-inbox', problems);
  });

  test('a holder writes on the case, and chases the review once it is late', async () => {
    const portal = await freshPortal();
    const filed = await fileOnline(portal.harness, 'uk-new-contact-number');
    const { page, problems } = await openContext(portal, 'en');
    await page.goto(`/cases/${filed.id}`);
    await page.getByRole('link', { name: en.case.signIn }).click();
    await page.locator('input[name=msisdn]').fill(filed.msisdn);
    await page.locator('input[name=iccid]').fill(filed.iccid);
    await page.getByRole('button', { name: en.identify.sendCode }).click();
    // The code field appears once the new code is sent; only then is the newest code in the inbox this one.
    await page.locator('input[name=code]').waitFor();
    await page.locator('input[name=code]').fill(await latestCode(portal.harness, filed.msisdn));
    await page.getByRole('button', { name: en.identify.verify }).click();
    await page.getByRole('heading', { level: 2, name: en.case.writeTitle }).waitFor();

    // Cooling-off passes on the demo clock; the holder stays signed in.
    await moveClock(page, '1d');
    await page.getByText(en.state.in_review.name, { exact: true }).first().waitFor();

    // An empty message is refused in words; a question is sent and shown as waiting for an answer.
    await page.getByRole('button', { name: en.case.sendMessage }).click();
    await page.getByText(en.case.messageMissing).first().waitFor();
    await page.getByLabel(en.case.message).fill('Do I need to post the SIM card back?');
    await page.getByRole('button', { name: en.case.sendMessage }).click();
    await page.getByRole('status').filter({ hasText: en.case.writeSent }).waitFor();
    await page.getByText('Do I need to post the SIM card back?').waitFor();
    await checkPage(page, 'demo-case-write', problems);

    // A week later the review is past its deadline: the page says so and invites chasing.
    await moveClock(page, '1w');
    await page.getByText(en.case.reviewOverdue).waitFor();
    await page.getByText(en.case.writeChase).waitFor();
    await page.getByLabel(en.case.message).fill('It is a week now. When will my line be closed?');
    await page.getByRole('button', { name: en.case.sendMessage }).click();
    await page.getByRole('status').filter({ hasText: en.case.writeSent }).waitFor();
    await checkPage(page, 'demo-case-chase', problems);

    // Staff see it as waiting for their answer, and the holder's words on the case.
    const staff = await staffSignIn(portal.harness, 'clerk@demo.simexit.test');
    const queue = await portal.harness.request({ method: 'GET', url: '/v1/staff/review-queue', token: staff });
    const row = queue.body.cases.find((r: { id: string }) => r.id === filed.id);
    assert.ok(row.needsAnswerSince, 'listed as needing an answer');
    assert.equal(row.escalated, true);
    const view = await portal.harness.request({ method: 'GET', url: `/v1/staff/cases/${filed.id}`, token: staff });
    assert.deepEqual(
      view.body.communications
        .filter((m: { direction: string }) => m.direction === 'inbound')
        .map((m: { body: string }) => m.body),
      ['Do I need to post the SIM card back?', 'It is a week now. When will my line be closed?'],
    );
  });

  test('staff move the demo clock from the console banner and see the review escalate, then escalate again', async () => {
    const portal = await freshPortal();
    const filed = await fileOnline(portal.harness, 'uk-contact-change');
    const { page, problems } = await openContext(portal, 'en', { width: 1280, height: 900 });
    await signInToConsole(page, 'supervisor');
    const row = () => page.getByRole('row').filter({ hasText: filed.reference });
    const openQueue = async () => {
      await page.getByRole('navigation').getByRole('link', { name: c.nav.queue }).click();
      await page.getByRole('heading', { level: 1, name: c.queue.title }).waitFor();
    };

    await moveClock(page, '1d'); // Tuesday 10:00: in review, due Thursday 10:00
    await openQueue();
    await row().waitFor();
    assert.equal(await row().getByText(c.queue.escalated).count(), 0, 'not escalated before the deadline');

    await moveClock(page, '3d'); // Friday 10:00: the deadline passed
    await row().getByText(c.queue.escalated).waitFor();
    await checkPage(page, 'demo-queue-escalated', problems);

    await moveClock(page, '1w'); // the next Friday: two more working days passed undecided
    await row()
      .getByText(fill(c.queue.reescalated, { count: 2 }))
      .waitFor();
    await row().getByRole('link', { name: filed.reference }).click();
    await page.getByText(fill(c.case.reescalated, { count: 2 })).waitFor();
    assert.equal(await page.getByText(c.case.escalatedEvent).count(), 2, 'both escalations on the timeline');
    await checkPage(page, 'demo-case-reescalated', problems);

    const audit = await portal.harness.system.context.db
      .selectFrom('audit_log')
      .select(['action', 'actor_kind'])
      .where('action', 'in', ['demo.clock_advanced', 'case.escalated', 'case.reescalated'])
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.map((a) => `${a.action}:${a.actor_kind}`),
      [
        'demo.clock_advanced:staff',
        'demo.clock_advanced:staff',
        'case.escalated:system',
        'demo.clock_advanced:staff',
        'case.reescalated:system',
      ],
    );

    // README steps 11 and 12: Thomas's line has 30 days' notice, so approving schedules it for its end
    // date; once the clock passes that date, the line is closed.
    await page.getByRole('button', { name: c.case.approve }).click();
    await page.getByRole('button', { name: c.case.confirmApprove }).click();
    await page.getByText(c.case.approved).waitFor();
    await page.locator('h2 .state', { hasText: c.stateName.scheduled }).waitFor();
    await page.getByText(filledPattern(c.case.scheduled)).waitFor();
    await checkPage(page, 'demo-case-scheduled', problems);
    await moveClock(page, '30d');
    await portal.harness.drain();
    await page.reload();
    await page.locator('h2 .state', { hasText: c.stateName.completed }).waitFor();
  });
});
