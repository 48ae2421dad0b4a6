import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { consoleEn } from '../../web/i18n/console-en.js';
import { consoleZhCN } from '../../web/i18n/console-zh-CN.js';
import { en } from '../../web/i18n/en.js';
import { HOUR, latestCallConfirmationText, latestCode, personaLines, signInWithIccid } from '../support/harness.js';
import {
  accessibilityProblems,
  asStaffMember,
  fill,
  filledPattern,
  fillDate,
  openContext,
  screenshots,
  startPortal,
  type Portal,
} from './browser.js';

/**
 * The staff console in a real browser: each channel's intake (phone and chat confirmed by the holder from
 * the line on file: on the linked portal page, or by replying YES; nobody reads a code aloud), store with
 * an ID document, mail with a scanned letter compared to the account), a mailed letter whose name does
 * not match (the clerk's check step, then recorded and rejected with the reason), a review whose request for information the
 * subscriber answers in the portal, a two-person approval, and a returned card logged by its ICCID.
 * Every page is checked with axe and photographed at 360 and 1280 px.
 */
const c = consoleEn.console;
let portal: Portal;
let lines: Record<string, { msisdn: string; iccid: string }[]>;
const line = (persona: string, index = 0) => lines[persona]![index]!;
/** Every case this file files, by market and channel: what the report must count. */
const filed: { market: string; channel: string }[] = [];

before(async () => {
  // A failing execution is handed to a person at once (the stuck-work test makes one fail).
  portal = await startPortal({ JOB_RETRY_LIMIT: '0' });
  lines = await personaLines(portal.harness);
});
after(async () => {
  await portal?.close();
});

async function checkPage(page: Page, name: string) {
  assert.deepEqual(await accessibilityProblems(page), [], `${name}: axe found serious or critical problems`);
  await screenshots(page, name);
}

/** A signed-in console in a fresh browser, desktop-sized; fails the test on console errors. */
const asStaff = (who: string, name: string, walk: (page: Page) => Promise<void>, language: 'en' | 'zh-CN' = 'en') =>
  asStaffMember(portal, who, name, walk, {
    language,
    labels: language === 'en' ? c : consoleZhCN.console,
  });

async function openLine(page: Page, query: string, msisdn: string) {
  await page.getByRole('navigation').getByRole('link', { name: c.nav.search }).click();
  await page.getByLabel(c.search.label).fill(query);
  await page.getByRole('button', { name: c.search.submit }).click();
  await page.getByRole('link', { name: msisdn }).click();
  await page.getByRole('heading', { level: 1, name: fill(c.line.title, { msisdn }) }).waitFor();
}

async function caseIdFromUrl(page: Page): Promise<string> {
  await page.waitForURL(/\/console\/cases\/[0-9a-f-]{36}/);
  return /\/console\/cases\/([0-9a-f-]{36})/.exec(page.url())![1]!;
}

async function staffView(id: string) {
  const { token } = await signInStaff('supervisor');
  return (await portal.harness.request({ method: 'GET', url: `/v1/staff/cases/${id}`, token })).body;
}

async function signInStaff(who: string) {
  const response = await portal.harness.request({
    method: 'POST',
    url: '/v1/staff/sessions',
    payload: { email: `${who}@demo.simexit.test`, password: 'simexit-demo' },
  });
  return { token: response.body.token as string };
}

/**
 * A holder files online over the API (as the portal does); the worker assesses it and the clock passes
 * the 24-hour cooling-off, so the case is where a person picks it up.
 */
async function fileOnline(persona: string, fields: Record<string, unknown> = {}) {
  const { msisdn, iccid } = line(persona);
  const holder = await signInWithIccid(portal.harness, msisdn, iccid);
  const created = await portal.harness.request({
    method: 'POST',
    url: '/v1/cancellations',
    token: holder,
    payload: { msisdn, ...fields },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  filed.push({ market: created.body.market, channel: 'online' });
  await portal.harness.drain();
  await portal.harness.advance(25 * HOUR);
  return created.body as { id: string; reference: string };
}

const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

describe('staff console', () => {
  test('phone: the agent finds the line by account login, the holder confirms the call on the linked page, the case is filed', async () => {
    const { msisdn } = line('uk-debt-arrangement');
    await asStaff('agent', 'phone', async (page) => {
      await checkPage(page, 'console-home-agent');
      // An agent files remotely but does not review or log cards.
      assert.equal(await page.getByRole('navigation').getByRole('link', { name: c.nav.queue }).count(), 0);
      await openLine(page, 'grace.patel', msisdn);
      await checkPage(page, 'console-line');
      assert.equal(
        await page.getByRole('link', { name: c.channel.store }).count(),
        0,
        'store filing is not for agents',
      );
      await page.getByRole('link', { name: c.channel.phone }).click();
      // Filing before the holder confirmed is refused on the page, with what to do.
      await page.getByRole('button', { name: c.intake.submit }).click();
      await page.getByRole('alert').getByText(c.intake.confirmFirst).waitFor();
      await page.getByRole('button', { name: c.intake.askToConfirm }).click();
      await page.getByText(c.intake.confirmation.pending.split('{{')[0]!).waitFor();
      await checkPage(page, 'console-intake-phone');
      // The holder opens the link from the text on their own phone and confirms.
      const { linkToken } = await latestCallConfirmationText(portal.harness, msisdn);
      const holder = await openContext(portal, 'en', { width: 360, height: 740 });
      try {
        await holder.page.goto(`/confirm-call/${linkToken}`);
        await holder.page.getByRole('heading', { level: 1, name: en.confirmCall.title }).waitFor();
        await checkPage(holder.page, 'portal-confirm-call');
        await holder.page.getByRole('button', { name: en.confirmCall.confirm }).click();
        await holder.page.getByText(en.confirmCall.status.confirmed).waitFor();
        assert.deepEqual(holder.problems, []);
      } finally {
        await holder.context.close();
      }
      await page.getByText(c.intake.confirmation.confirmed.split('{{')[0]!).waitFor();
      await page.getByRole('button', { name: c.intake.submit }).click();
      const id = await caseIdFromUrl(page);
      await page.getByText(c.case.filed).waitFor();
      await checkPage(page, 'console-case-filed');
      const view = await staffView(id);
      filed.push({ market: view.market, channel: view.channel });
      assert.equal(view.channel, 'phone');
      assert.equal(view.staff.verification.method, 'line_confirmation');
      assert.ok(
        view.communications.some((m: { template: string }) => m.template === 'receipt'),
        'receipt sent',
      );
    });
  });

  test('store: the store agent checks an ID document; the case is filed with it', async () => {
    const { msisdn } = line('us-postpaid');
    await asStaff('store', 'store', async (page) => {
      await openLine(page, msisdn, msisdn);
      await page.getByRole('link', { name: c.channel.store }).click();
      await page.getByLabel(c.intake.documentType, { exact: true }).selectOption('driving_licence');
      await page.getByLabel(c.intake.documentNumber).fill('J12345678901234');
      await page.getByLabel(c.intake.holderName).fill('Michael Johnson');
      await page.locator('input[id^="ack-"]').check();
      await checkPage(page, 'console-intake-store');
      await page.getByRole('button', { name: c.intake.submit }).click();
      const id = await caseIdFromUrl(page);
      await page.getByText(c.case.filed).waitFor();
      const view = await staffView(id);
      filed.push({ market: view.market, channel: view.channel });
      assert.equal(view.staff.verification.method, 'id_document');
    });
  });

  test('mail: a letter that matches is filed with its scan; one naming someone else is rejected with the reason', async () => {
    await asStaff('clerk', 'mail', async (page) => {
      const { msisdn } = line('uk-contract');
      await openLine(page, line('uk-contract').iccid, msisdn);
      await page.getByRole('link', { name: c.channel.mail }).click();
      await page.getByLabel(c.intake.scan).setInputFiles({ name: 'letter.png', mimeType: 'image/png', buffer: png });
      await page.getByLabel(c.intake.holderName).fill('  harry   WALKER ');
      await fillDate(page, c.intake.letterDate, '2026-11-20');
      await page.getByText(c.intake.matches).waitFor();
      await checkPage(page, 'console-intake-mail');
      await page.getByRole('button', { name: c.intake.submit }).click();
      const filedId = await caseIdFromUrl(page);
      const view = await staffView(filedId);
      filed.push({ market: view.market, channel: view.channel });
      assert.equal(view.state, 'submitted');
      assert.deepEqual(
        view.staff.documents.map((d: { kind: string }) => d.kind),
        ['mailed_letter_scan'],
      );

      const other = line('uk-bound-services');
      await openLine(page, other.msisdn, other.msisdn);
      await page.getByRole('link', { name: c.channel.mail }).click();
      await page.getByLabel(c.intake.scan).setInputFiles({ name: 'letter.png', mimeType: 'image/png', buffer: png });
      await page.getByLabel(c.intake.holderName).fill('Somebody Else');
      await fillDate(page, c.intake.letterDate, '2026-11-20');
      await page.getByText(c.intake.differs, { exact: true }).waitFor();
      await page.getByText(c.intake.mismatchHelp).waitFor();
      await checkPage(page, 'console-intake-mail-mismatch');
      await page.getByRole('button', { name: c.intake.submit }).click();
      // The check step: the clerk decides; here the letter names someone else, so it is rejected.
      const check = page.getByRole('region', { name: c.letterCheck.title });
      await check.getByLabel(c.letterCheck.outcome.reject).check();
      await checkPage(page, 'console-intake-mail-check');
      await check.getByRole('button', { name: c.letterCheck.submit.reject }).click();
      const rejected = await caseIdFromUrl(page);
      await page.getByRole('heading', { level: 2, name: c.stateName.rejected }).waitFor();
      await page.getByText(fill(c.case.filedRejected, { reason: c.reason.identity_mismatch })).waitFor();
      await checkPage(page, 'console-case-rejected');
      const rejectedView = await staffView(rejected);
      filed.push({ market: rejectedView.market, channel: rejectedView.channel });
      assert.equal(rejectedView.reasonCode, 'identity_mismatch');
    });
  });

  test('review: the clerk asks for information, the subscriber answers in the portal, the clerk approves', async () => {
    const { msisdn, iccid } = line('uk-contact-change');
    const created = await fileOnline('uk-contact-change');
    const id = created.id;
    assert.equal((await staffView(id)).state, 'in_review');

    await asStaff('clerk', 'review', async (page) => {
      await page.getByRole('navigation').getByRole('link', { name: c.nav.queue }).click();
      await page.getByRole('heading', { level: 1, name: c.queue.title }).waitFor();
      await page.locator('table').waitFor();
      await checkPage(page, 'console-queue');
      await page.getByRole('link', { name: created.reference }).click();
      await page
        .getByRole('heading', { level: 1, name: fill(c.case.titleFor, { reference: created.reference }) })
        .waitFor();
      await checkPage(page, 'console-case-review');
      await page.getByRole('button', { name: c.case.requestInfo }).click();
      await page.getByLabel(c.case.question).fill('Did you change your e-mail address two days ago?');
      await page.getByRole('button', { name: c.case.requestInfo }).click();
      await page.getByText(c.case.infoRequested).waitFor();
    });

    // The subscriber answers in the portal.
    const { context, page } = await openContext(portal, 'en');
    await page.goto(`/cases/${id}`);
    await page.getByRole('link', { name: en.case.signIn }).click();
    await page.locator('input[name=msisdn]').fill(msisdn);
    await page.locator('input[name=iccid]').fill(iccid);
    await page.getByRole('button', { name: en.identify.sendCode }).click();
    await page.getByRole('heading', { level: 1, name: en.identify.codeTitle }).waitFor();
    await page.locator('input[name=code]').fill(await latestCode(portal.harness, msisdn));
    await page.getByRole('button', { name: en.identify.verify }).click();
    await page.getByText('Did you change your e-mail address two days ago?').first().waitFor();
    await page.getByLabel(en.case.answer).fill('Yes, that was me: new work address.');
    await page.getByRole('button', { name: en.case.sendAnswer }).click();
    await page.getByRole('status').filter({ hasText: en.case.answerSent }).waitFor();
    await context.close();

    await asStaff('clerk', 'review-approve', async (page) => {
      await page.goto(`/console/cases/${id}`);
      await page.getByText('Yes, that was me: new work address.').waitFor();
      await page.getByRole('button', { name: c.case.approve }).click();
      await page.getByText(c.case.approveConfirm).waitFor();
      await page.getByRole('button', { name: c.case.confirmApprove }).click();
      await page.getByText(c.case.approved).waitFor();
      // A post-paid line with 30 days' notice: approved, it waits for the date the holder was given.
      await page.getByText(c.stateName.scheduled, { exact: true }).first().waitFor();
      await page.getByText(filledPattern(c.case.scheduled)).waitFor();
      await checkPage(page, 'console-case-scheduled');
    });
    assert.equal((await staffView(id)).state, 'scheduled');
  });

  test('two people approve a risky case; the same person cannot approve twice', async () => {
    const created = await fileOnline('uk-sim-swap');
    const id = created.id;
    await asStaff('clerk', 'first-approval', async (page) => {
      await page.goto(`/console/cases/${id}`);
      await page.getByText(c.route.second_approver).waitFor();
      await page.getByRole('button', { name: c.case.approve }).click();
      await page.getByRole('button', { name: c.case.confirmApprove }).click();
      await page.getByText(c.case.approved).waitFor();
      await page.getByText(c.case.waitsForSupervisor).waitFor();
      assert.equal(await page.getByRole('button', { name: c.case.secondApprove }).count(), 0);
    });
    await asStaff('supervisor', 'second-approval', async (page) => {
      await page.goto(`/console/cases/${id}`);
      await page.getByText(fill(c.queue.approvals, { count: 1 })).waitFor();
      await checkPage(page, 'console-case-second-approval');
      await page.getByRole('button', { name: c.case.secondApprove }).click();
      await page.getByText(c.case.approveConfirm).waitFor();
      await page.getByRole('button', { name: c.case.confirmApprove }).click();
      await page.getByText(c.case.approved).waitFor();
      // Both approvals name their approver on the timeline.
      await page.getByText(`${c.event.firstApproval} · Casey Clerk`).waitFor();
      await page.getByText(/^Approved, now: .+ · Pat Supervisor$/).waitFor();
    });
    const view = await staffView(id);
    assert.equal(view.staff.approvals.length, 2);
    assert.notEqual(view.staff.approvals[0], view.staff.approvals[1]);
  });

  test('card return: the clerk scans the ICCID of the card in hand; the case completes', async () => {
    const { iccid } = line('uk-data-card-return');
    const created = await fileOnline('uk-data-card-return', {
      decisions: { balance: { option: 'forfeit', acknowledged: true } },
    });
    const id = created.id;
    assert.equal((await staffView(id)).state, 'awaiting_card_return');
    await asStaff('clerk', 'card-return', async (page) => {
      await page.getByRole('navigation').getByRole('link', { name: c.nav.cardReturns }).click();
      await page.getByRole('link', { name: created.reference }).waitFor();
      await checkPage(page, 'console-card-returns');
      await page.getByLabel(c.case.scanIccid).fill('8944000000000000000');
      await page.getByRole('button', { name: c.cards.record }).click();
      await page.getByRole('alert').getByText(c.cards.noCase).waitFor();
      await page.getByLabel(c.case.scanIccid).fill(iccid);
      await page.getByRole('button', { name: c.cards.record }).click();
      await page.getByText(fill(c.cards.recorded, { reference: created.reference })).waitFor();
    });
    await portal.harness.drain();
    assert.equal((await staffView(id)).state, 'completed');
  });

  test('chat: the holder confirms by replying YES from the line, recorded as the chat channel', async () => {
    const { msisdn } = line('uk-two-lines', 1);
    await asStaff('agent', 'chat', async (page) => {
      await openLine(page, msisdn, msisdn);
      await page.getByRole('link', { name: c.channel.chat }).click();
      await page.getByRole('button', { name: c.intake.askToConfirm }).click();
      // The text is in the line's inbox once the page says it was sent.
      await page.getByText(c.intake.confirmation.pending.split('{{')[0]!).waitFor();
      const { reference } = await latestCallConfirmationText(portal.harness, msisdn);
      const reply = await portal.harness.request({
        method: 'POST',
        url: '/demo/sms/inbound',
        payload: { from: msisdn, text: `YES ${reference}` },
      });
      assert.equal(reply.status, 202, JSON.stringify(reply.body));
      await page.getByText(c.intake.confirmation.confirmed.split('{{')[0]!).waitFor();
      await page.getByRole('button', { name: c.intake.submit }).click();
      const id = await caseIdFromUrl(page);
      await page.getByText(c.case.filed).waitFor();
      const view = await staffView(id);
      filed.push({ market: view.market, channel: view.channel });
      assert.equal(view.channel, 'chat');
      await portal.harness.drain();
      await portal.harness.advance(25 * HOUR);
      assert.equal((await staffView(id)).state, 'completed');
    });
  });

  test('stuck work: a failed execution shows its reason and is retried from the list; signing out', async () => {
    const provisioning = portal.harness.system.context.ports.provisioning;
    const deactivateLine = provisioning.deactivateLine;
    provisioning.deactivateLine = async () => {
      throw new Error('HLR unreachable');
    };
    const created = await fileOnline('uk-prepaid-credit', { decisions: { balance: { option: 'refund' } } });
    const id = created.id;
    assert.equal((await staffView(id)).state, 'failed');
    provisioning.deactivateLine = deactivateLine;
    await asStaff('supervisor', 'work', async (page) => {
      await page.getByRole('navigation').getByRole('link', { name: c.nav.work }).click();
      await page.getByRole('heading', { level: 1, name: c.work.title }).waitFor();
      await page.getByRole('link', { name: created.reference }).waitFor();
      await page.getByRole('row', { name: created.reference }).getByText('HLR unreachable').waitFor();
      await checkPage(page, 'console-work');
      await page.getByRole('button', { name: fill(c.work.retry, { reference: created.reference }) }).click();
      await page.getByText(c.case.retryConfirm).waitFor();
      await page.getByRole('button', { name: fill(c.work.confirmRetry, { reference: created.reference }) }).click();
      await page.getByText(fill(c.work.retried, { reference: created.reference })).waitFor();
      await page.getByRole('button', { name: en.layout.signOut }).click();
      await page.getByRole('heading', { level: 1, name: c.signIn.title }).waitFor();
      await checkPage(page, 'console-sign-in');
    });
    await portal.harness.drain();
    assert.equal((await staffView(id)).state, 'completed');
  });
  test('bulk: a supervisor filters the queue by market and approves two cases at once', async () => {
    const ids: string[] = [];
    for (const [persona, decisions] of [
      ['de-prepaid', { balance: { option: 'refund' } }],
      ['de-contract', { acceptEarlyTerminationCharge: true }],
    ] as const) {
      // Extraordinary: a person must look at it, so it waits in the queue.
      const created = await fileOnline(persona, {
        decisions,
        terminationKind: 'extraordinary',
        extraordinaryReason: 'Moved abroad for work',
      });
      ids.push(created.id);
    }
    await asStaff('supervisor', 'bulk', async (page) => {
      await page.goto('/console/queue?market=DE');
      await page.locator('table').waitFor();
      for (const id of ids) {
        const { reference } = await staffView(id);
        await page.getByLabel(fill(c.queue.selectCase, { reference })).check();
      }
      await page.getByText(fill(c.queue.selected, { count: 2 })).waitFor();
      await checkPage(page, 'console-queue-bulk');
      await page.getByRole('button', { name: c.queue.bulkApprove }).click();
      await page.getByText(fill(c.queue.confirm_approve, { count: 2 })).waitFor();
      await page.getByRole('button', { name: fill(c.queue.confirmButton_approve, { count: 2 }) }).click();
      await page.getByText(fill(c.queue.bulkDone, { done: 2, failed: 0 })).waitFor();
    });
    const [prepaid, contract] = await Promise.all(ids.map(async (id) => (await staffView(id)).state));
    assert.ok(['executing', 'completed'].includes(prepaid!), 'a prepaid line ends at once');
    assert.equal(contract, 'scheduled', 'a contract waits for its end date, with its minimum term');
  });

  test('reports: the CSV export counts exactly the cases filed here, by market and channel', async () => {
    const to = portal.harness.clock.now().toISOString().slice(0, 10);
    await asStaff('supervisor', 'reports', async (page) => {
      await page.getByRole('navigation').getByRole('link', { name: c.nav.reports }).click();
      await fillDate(page, c.reports.from, '2026-11-01');
      await fillDate(page, c.reports.to, to);
      await page.getByRole('button', { name: c.queue.apply }).click();
      await page.getByRole('table', { name: c.reports.byChannel }).waitFor();
      await checkPage(page, 'console-reports');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: c.reports.csv }).click(),
      ]);
      const csv = readFileSync(await download.path(), 'utf8');
      const counted = new Map<string, number>();
      for (const row of csv.trim().split(/\r?\n/).slice(1)) {
        const [section, market, channel, , value] = row.split(',');
        if (section === 'volume') counted.set(`${market}/${channel}`, Number(value));
      }
      const expected = new Map<string, number>();
      for (const f of filed)
        expected.set(`${f.market}/${f.channel}`, (expected.get(`${f.market}/${f.channel}`) ?? 0) + 1);
      assert.ok(filed.length >= 7, `the suite filed its cases first (${filed.length})`);
      assert.deepEqual(Object.fromEntries([...counted].sort()), Object.fromEntries([...expected].sort()));
    });
  });

  test('every console page in Chinese passes axe', async () => {
    const z = consoleZhCN.console;
    const { msisdn } = line('uk-two-lines');
    await asStaff(
      'supervisor',
      'zh-CN-pages',
      async (page) => {
        await checkPage(page, 'console-home-zh-CN');
        await page.goto(`/console/search?q=${encodeURIComponent(msisdn)}`);
        await page.getByLabel(z.search.label).fill(msisdn);
        await page.getByRole('button', { name: z.search.submit }).click();
        await page.getByRole('link', { name: msisdn }).click();
        await page.getByRole('heading', { level: 1, name: fill(z.line.title, { msisdn }) }).waitFor();
        await checkPage(page, 'console-line-zh-CN');
        await page.getByRole('link', { name: z.channel.phone }).click();
        await page.getByRole('button', { name: z.intake.askToConfirm }).waitFor();
        await checkPage(page, 'console-intake-zh-CN');
        for (const [path, title] of [
          ['/console/queue', z.queue.title],
          ['/console/card-returns', z.cards.title],
          ['/console/work', z.work.title],
          ['/console/reports', z.reports.title],
        ] as const) {
          await page.goto(path);
          await page.getByRole('heading', { level: 1, name: title }).waitFor();
          await page.locator('.loading').waitFor({ state: 'detached' });
          await checkPage(page, `console-${path.split('/').pop()}-zh-CN`);
        }
        const { token } = await signInStaff('supervisor');
        const queue = await portal.harness.request({ method: 'GET', url: '/v1/staff/work?list=card_returns', token });
        const anyCase = (queue.body.cases as { id: string }[])[0];
        if (anyCase) {
          await page.goto(`/console/cases/${anyCase.id}`);
          await page.getByRole('heading', { level: 2, name: z.case.write }).waitFor();
          await checkPage(page, 'console-case-zh-CN');
        }
      },
      'zh-CN',
    );
    await asStaff(
      'admin',
      'zh-CN-admin',
      async (page) => {
        await page.goto('/console/admin');
        await page.getByRole('table', { name: z.admin.staffCaption }).waitFor();
        await checkPage(page, 'console-admin-zh-CN');
        await page.goto('/console/bulk-runs/new');
        await page.getByRole('heading', { level: 1, name: z.bulk.form.title }).waitFor();
        await checkPage(page, 'console-bulk-new-zh-CN');
        await page.goto('/console/bulk-runs');
        await page.getByRole('heading', { level: 1, name: z.bulk.title }).waitFor();
        await page.locator('.loading').waitFor({ state: 'detached' });
        await checkPage(page, 'console-bulk-runs-zh-CN');
      },
      'zh-CN',
    );
  });

  test('admin: a policy change is a new version with who, what and why; staff accounts are listed', async () => {
    await asStaff('admin', 'admin', async (page) => {
      await page.getByRole('navigation').getByRole('link', { name: c.nav.admin }).click();
      await page.getByRole('heading', { level: 1, name: c.admin.title }).waitFor();
      await page.getByRole('table', { name: c.admin.staffCaption }).waitFor();
      const uk = page.getByRole('region', { name: fill(c.admin.policyFor, { market: en.market.UK, version: 1 }) });
      await uk.getByLabel(c.admin.field.coolingOffHours).fill('36');
      await uk.getByLabel(c.admin.note).fill('Longer window after the November fraud review');
      await checkPage(page, 'console-admin');
      await uk.getByRole('button', { name: c.admin.save }).click();
      await page.getByText(c.admin.saved).waitFor();
      await page
        .getByRole('region', { name: fill(c.admin.policyFor, { market: en.market.UK, version: 2 }) })
        .getByText('Longer window after the November fraud review')
        .waitFor();
    });
    const { token } = await signInStaff('admin');
    const versions = await portal.harness.request({ method: 'GET', url: '/v1/admin/policies/UK/versions', token });
    assert.equal(versions.body.versions[0].version, 2);
    assert.deepEqual(versions.body.versions[0].changedFields, ['coolingOffHours']);
  });
});
