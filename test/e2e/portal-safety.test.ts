import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { HOUR, latestCode, personaLines, signInWithIccid, staffToken } from '../support/harness.js';
import {
  accessibilityProblems,
  de,
  fill,
  openContext,
  screenshots,
  SCREENSHOTS,
  startPortal,
  texts,
  type Language,
  type Portal,
} from './browser.js';

/**
 * The portal's safety paths in a real browser: withdrawing, the "not you? stop it" link from the
 * cooling-off message, wrong codes up to the lock-out, answering a request for information with a
 * file (and nobody's text ever running as code), the German cancellation button, the lock on porting
 * and cancellation (set with any sign-in, lifted only with the account login), and every remaining
 * page checked with axe in English and Chinese.
 */
let portal: Portal;
let lines: Record<string, { msisdn: string; iccid: string }[]>;
const line = (persona: string, index = 0) => lines[persona]![index]!;

before(async () => {
  portal = await startPortal();
  lines = await personaLines(portal.harness);
});
after(async () => {
  await portal?.close();
});

/** Runs `walk` in a fresh browser; on failure saves a screenshot named after the test. */
async function inBrowser(
  name: string,
  language: Language | 'de',
  walk: (page: Page, context: BrowserContext) => Promise<void>,
) {
  const { context, page, problems } = await openContext(portal, language as Language);
  try {
    await walk(page, context);
    assert.deepEqual(problems, [], `${name}: console errors`);
  } catch (error) {
    await page.screenshot({ path: `${SCREENSHOTS}/FAILED-${name}.png`, fullPage: true });
    throw error;
  } finally {
    await context.close();
  }
}

async function checkPage(page: Page, name: string) {
  assert.deepEqual(await accessibilityProblems(page), [], `${name}: axe found serious or critical problems`);
  await screenshots(page, name);
}

async function signIn(page: Page, language: Language, msisdn: string, iccid: string) {
  const tr = texts[language];
  await page.locator('input[name=msisdn]').fill(msisdn);
  await page.locator('input[name=iccid]').fill(iccid);
  await page.getByRole('button', { name: tr.identify.sendCode }).click();
  await page.getByRole('heading', { level: 1, name: tr.identify.codeTitle }).waitFor();
  await page.locator('input[name=code]').fill(await latestCode(portal.harness, msisdn));
  await page.getByRole('button', { name: tr.identify.verify }).click();
}

/** A case filed over the API (as another channel would), assessed and in its cooling-off. */
async function fileCase(
  persona: string,
  decisions: Record<string, unknown> = {},
  extraordinaryReason: string | null = null,
): Promise<string> {
  const { msisdn, iccid } = line(persona);
  const token = await signInWithIccid(portal.harness, msisdn, iccid);
  const created = await portal.harness.request({
    method: 'POST',
    url: '/v1/cancellations',
    token,
    payload: {
      msisdn,
      decisions,
      ...(extraordinaryReason ? { terminationKind: 'extraordinary', extraordinaryReason } : {}),
    },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  await portal.harness.drain();
  return created.body.id;
}

async function caseState(id: string): Promise<{ state: string; timeline: { reason: string | null }[] }> {
  const view = await portal.harness.request({
    method: 'GET',
    url: `/v1/staff/cases/${id}`,
    token: await staffToken(portal.harness, 'supervisor@demo.simexit.test'),
  });
  return view.body;
}

describe('portal safety paths', () => {
  test('withdraw: the holder changes their mind after the receipt; the line stays', async () => {
    const tr = texts.en;
    const { msisdn, iccid } = line('uk-two-lines');
    await inBrowser('withdraw', 'en', async (page) => {
      await page.goto('/lines');
      await signIn(page, 'en', msisdn, iccid);
      await page.getByRole('link', { name: tr.lines.check }).click();
      await page.locator('#balance-forfeit').check();
      await page.locator('#forfeit-ack').check();
      await page.locator('.badge-requires_decision').first().waitFor({ state: 'detached' });
      await page.getByRole('button', { name: tr.checklist.continue }).click();
      await page.getByRole('button', { name: tr.confirm.submit }).click();
      await page.getByRole('link', { name: tr.receipt.track }).click();
      await page.getByRole('heading', { level: 2, name: tr.state.submitted.name }).waitFor();
      await checkPage(page, 'case-submitted-en');
      await page.getByRole('button', { name: tr.case.withdraw }).click();
      await page.getByText(tr.case.confirmWithdraw).waitFor();
      await checkPage(page, 'case-confirm-withdraw-en');
      await page.getByRole('button', { name: tr.case.withdrawYes }).click();
      await page.getByRole('heading', { level: 2, name: tr.state.withdrawn.name }).waitFor();
      await page.getByRole('status').filter({ hasText: tr.case.withdrawn }).waitFor();
      assert.equal(await page.getByRole('button', { name: tr.case.withdraw }).count(), 0);
      const id = /\/cases\/([0-9a-f-]{36})$/.exec(page.url())![1]!;
      assert.equal((await caseState(id)).state, 'withdrawn');
    });
  });

  test('"not you? stop it": the link in the cooling-off message lands on the case; a fresh sign-in stops it', async () => {
    const tr = texts['zh-CN'];
    const { msisdn, iccid } = line('us-postpaid');
    const id = await fileCase('us-postpaid', { acknowledgedServiceIds: ['12015550123-1'] });
    // The holder's phone got the warning with the link.
    const inbox = await portal.harness.request({ method: 'GET', url: `/demo/inbox/${encodeURIComponent(msisdn)}` });
    const warning = (inbox.body.messages as { body: string }[]).map((m) => m.body).find((b) => b.includes('Not you?'));
    assert.ok(warning, 'the cooling-off message reached the line');
    const link = /http:\/\/simexit\.test(\/cases\/[0-9a-f-]{36})/.exec(warning)?.[1];
    assert.equal(link, `/cases/${id}`);

    await inBrowser('not-you', 'zh-CN', async (page) => {
      await page.goto(link!);
      await page.getByRole('heading', { level: 1, name: tr.case.signedOutTitle }).waitFor();
      await page.getByText(tr.case.notYouText).waitFor();
      await checkPage(page, 'case-not-you-zh-CN');
      await page.getByRole('link', { name: tr.case.signIn }).click();
      await signIn(page, 'zh-CN', msisdn, iccid);
      await page.getByRole('heading', { level: 2, name: tr.state.cooling_off.name }).waitFor();
      await page.getByRole('button', { name: tr.case.notMe }).click();
      await page.getByText(tr.case.confirmDisputed).waitFor();
      await page.getByRole('button', { name: tr.case.stopYes }).click();
      await page.getByRole('heading', { level: 2, name: tr.state.withdrawn.name }).waitFor();
      await checkPage(page, 'case-stopped-zh-CN');
    });
    const stopped = await caseState(id);
    assert.equal(stopped.state, 'withdrawn');
    assert.equal(stopped.timeline.at(-1)?.reason, 'holder_disputed');
    await portal.harness.advance(48 * HOUR);
    assert.equal((await caseState(id)).state, 'withdrawn', 'it never executes');
  });

  for (const language of ['en', 'zh-CN'] as const) {
    test(`wrong input, wrong codes and the lock-out say what to do (${language})`, async () => {
      const tr = texts[language];
      const { msisdn, iccid } = line(language === 'en' ? 'uk-sim-swap' : 'cn-prepaid');
      await inBrowser(`lockout-${language}`, language, async (page) => {
        await page.goto('/identify');
        // Caught in the page: a serial number of the wrong length.
        await page.locator('input[name=msisdn]').fill(msisdn);
        await page.locator('input[name=iccid]').fill('8944');
        await page.getByRole('button', { name: tr.identify.sendCode }).click();
        await page.getByRole('alert').getByText(tr.identify.iccidFormat).waitFor();
        assert.equal(await page.locator('input[name=iccid]').getAttribute('aria-invalid'), 'true');
        // Caught by the server: a number we do not have (the same answer as a wrong serial number).
        await page.locator('input[name=msisdn]').fill('+447700900999');
        await page.locator('input[name=iccid]').fill(iccid);
        await page.getByRole('button', { name: tr.identify.sendCode }).click();
        await page.getByRole('alert').getByText(tr.errors.IDENTITY_NOT_VERIFIED).waitFor();
        await checkPage(page, `identify-errors-${language}`);

        await page.locator('input[name=msisdn]').fill(msisdn);
        await page.getByRole('button', { name: tr.identify.sendCode }).click();
        await page.getByRole('heading', { level: 1, name: tr.identify.codeTitle }).waitFor();
        const right = await latestCode(portal.harness, msisdn);
        const wrong = right === '000000' ? '111111' : '000000';
        for (let attemptsLeft = 4; attemptsLeft >= 1; attemptsLeft--) {
          await page.locator('input[name=code]').fill(wrong);
          await page.getByRole('button', { name: tr.identify.verify }).click();
          await page.getByRole('alert').getByText(fill(tr.errors.CODE_INVALID, { attemptsLeft })).waitFor();
        }
        await checkPage(page, `code-wrong-${language}`);
        await page.locator('input[name=code]').fill(wrong);
        await page.getByRole('button', { name: tr.identify.verify }).click();
        // Locked: back to the first step, saying until when.
        await page.getByRole('heading', { level: 1, name: tr.identify.title }).waitFor();
        const lockedText = tr.errors.CODE_LOCKED.split('{{retryAt}}')[0]!;
        await page.getByRole('alert').getByText(lockedText, { exact: false }).waitFor();
        await checkPage(page, `code-locked-${language}`);
        // Even the right code is refused now, and a new code is refused until the lock ends.
        await page.getByRole('button', { name: tr.identify.sendCode }).click();
        await page.getByRole('alert').getByText(lockedText, { exact: false }).waitFor();
      });
    });
  }

  test('the lock is set and lifted in the portal; a sign-in with the SIM cannot lift it', async () => {
    const tr = texts.en;
    const { msisdn, iccid } = line('uk-debt');
    const lockState = async () =>
      (
        await portal.harness.system.context.db
          .selectFrom('line_locks')
          .select(['locked_at', 'lifted_at'])
          .where('msisdn', '=', msisdn)
          .execute()
      ).map((row) => (row.lifted_at ? 'lifted' : 'locked'));
    await inBrowser('line-lock', 'en', async (page) => {
      await page.goto('/lines');
      await signIn(page, 'en', msisdn, iccid);
      const panel = page.getByRole('region', { name: tr.lineLock.title });
      await panel.getByText(tr.lineLock.unlocked).waitFor();
      await checkPage(page, 'lines-lock-off-en');
      await panel.getByRole('button', { name: tr.lineLock.lock }).click();
      await panel.getByText(tr.lineLock.locked.split('{{')[0]!).waitFor();
      assert.deepEqual(await lockState(), ['locked']);
      // Whoever holds the SIM gets this far, and no further.
      await panel.getByRole('button', { name: tr.lineLock.unlock }).click();
      await panel.getByRole('alert').getByText(tr.lineLock.needsAccountLogin).waitFor();
      await checkPage(page, 'lines-lock-needs-login-en');
      assert.deepEqual(await lockState(), ['locked']);

      await page.getByRole('button', { name: tr.layout.signOut }).click();
      await page.goto('/lines');
      await page.locator('#method-login').check();
      await page.locator('input[name=msisdn]').fill(msisdn);
      await page.locator('input[name=accountLogin]').fill('oliver.bennett');
      await page.getByRole('button', { name: tr.identify.sendCode }).click();
      await page.getByRole('heading', { level: 1, name: tr.identify.codeTitle }).waitFor();
      await page.locator('input[name=code]').fill(await latestCode(portal.harness, 'oliver.bennett@example.co.uk'));
      await page.getByRole('button', { name: tr.identify.verify }).click();
      await panel.getByText(tr.lineLock.locked.split('{{')[0]!).waitFor();
      await checkPage(page, 'lines-lock-on-en');
      await panel.getByRole('button', { name: tr.lineLock.unlock }).click();
      await panel.getByText(tr.lineLock.unlocked).waitFor();
      assert.deepEqual(await lockState(), ['lifted']);
    });
  });

  test('a request for information is answered with a file; nobody’s text ever runs as code', async () => {
    const tr = texts.en;
    const { msisdn, iccid } = line('uk-contact-change');
    // Extraordinary: a person reviews it whatever the clock has done to the risk signals.
    const id = await fileCase('uk-contact-change', {}, 'My contract promised coverage I never had.');
    await portal.harness.advance(25 * HOUR);
    const attack = '<img src=x onerror="document.title=\'pwned\'"><script>document.title="pwned"</script>';
    const asked = await portal.harness.request({
      method: 'POST',
      url: `/v1/staff/cases/${id}/request-info`,
      token: await staffToken(portal.harness, 'clerk@demo.simexit.test'),
      payload: { message: `Please send a photo of your ID. ${attack}` },
    });
    assert.equal(asked.body.state, 'needs_info', JSON.stringify(asked.body));

    await inBrowser('info-reply', 'en', async (page) => {
      await page.goto(`/cases/${id}`);
      await page.getByRole('link', { name: tr.case.signIn }).click();
      await signIn(page, 'en', msisdn, iccid);
      await page.getByRole('heading', { level: 2, name: tr.state.needs_info.name }).waitFor();
      await page.getByText(attack, { exact: false }).first().waitFor();
      await checkPage(page, 'case-needs-info-en');
      // A file of the wrong type is refused in the page, before anything is sent.
      await page
        .getByLabel(tr.case.file)
        .setInputFiles({ name: 'id.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
      await page.getByText(tr.case.fileType).waitFor();
      await page.getByLabel(tr.case.file).setInputFiles({
        name: 'id.png',
        mimeType: 'image/png',
        buffer: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
      });
      await page.getByLabel(tr.case.answer).fill(`Here it is. ${attack}`);
      await page.getByRole('button', { name: tr.case.sendAnswer }).click();
      await page.getByRole('status').filter({ hasText: tr.case.answerSent }).waitFor();
      await page.getByRole('heading', { level: 2, name: tr.state.in_review.name }).waitFor();
      await page.getByText(`Here it is. ${attack}`, { exact: false }).waitFor();
      assert.equal(await page.locator('main img, main script').count(), 0, 'text stays text');
      assert.notEqual(await page.title(), 'pwned');
    });
    const view = await portal.harness.request({
      method: 'GET',
      url: `/v1/staff/cases/${id}`,
      token: await staffToken(portal.harness, 'clerk@demo.simexit.test'),
    });
    assert.deepEqual(
      (view.body.staff.documents as { kind: string; filename: string }[]).map((d) => [d.kind, d.filename]),
      [['info_attachment', 'id.png']],
    );
  });

  test('Germany: "Verträge hier kündigen" on every page, a confirmation page, "jetzt kündigen", a receipt', async () => {
    const { msisdn, iccid } = line('de-contract');
    await inBrowser('de-contract', 'de', async (page) => {
      await page.goto('/');
      const entry = page.getByRole('navigation').getByRole('link', { name: 'Verträge hier kündigen' });
      await entry.waitFor();
      await checkPage(page, 'home-de');
      await page.goto('/help');
      await entry.click();
      await page.locator('input[name=msisdn]').fill(msisdn);
      await page.locator('input[name=iccid]').fill(iccid);
      await page.getByRole('button', { name: de.identify!.sendCode! }).click();
      await page.getByRole('heading', { level: 1, name: de.identify!.codeTitle! }).waitFor();
      await page.locator('input[name=code]').fill(await latestCode(portal.harness, msisdn));
      await page.getByRole('button', { name: de.identify!.verify! }).click();
      await page.getByRole('link', { name: de.lines!.check! }).click();
      await page.locator('#item-contract_end').waitFor();
      await checkPage(page, 'checklist-de');
      await page.getByRole('button', { name: de.checklist!.continue! }).click();
      await page.getByRole('heading', { level: 1, name: 'Kündigung bestätigen' }).waitFor();
      assert.equal(await page.getByLabel(de.confirm!.ordinary!, { exact: true }).isChecked(), true);
      await checkPage(page, 'confirm-de');
      const buttons = await page.locator('main button').allTextContents();
      assert.deepEqual(buttons, ['jetzt kündigen'], 'one final button, labelled as §312k(2) BGB wants');
      await page.getByRole('button', { name: 'jetzt kündigen' }).click();
      await page.getByRole('heading', { level: 1, name: de.receipt!.title! }).waitFor();
      await page.getByText(/SX-[0-9A-F]{8}/).waitFor();
      await checkPage(page, 'receipt-de');
    });
  });

  for (const language of ['en', 'zh-CN'] as const) {
    test(`the remaining pages pass axe (${language})`, async () => {
      const tr = texts[language];
      const { msisdn, iccid } = line('uk-debt-arrangement');
      await inBrowser(`pages-${language}`, language, async (page) => {
        await page.goto('/help');
        await page.getByRole('heading', { level: 1, name: tr.help.title }).waitFor();
        await checkPage(page, `help-${language}`);
        await page.goto('/no-such-page');
        await page.getByRole('heading', { level: 1, name: tr.notFound.title }).waitFor();
        await checkPage(page, `not-found-${language}`);
        await page.goto('/cases');
        await signIn(page, language, msisdn, iccid);
        await page.getByRole('heading', { level: 1, name: tr.cases.title }).waitFor();
        await page.getByText(tr.cases.none).waitFor();
        await checkPage(page, `cases-${language}`);
        // Keyboard only: from the top of the page the skip link is the first stop, and it leads to the content.
        type Doc = { document: { activeElement: { id: string; textContent: string } } };
        const active = () =>
          page.evaluate(() => {
            const element = (globalThis as unknown as Doc).document.activeElement;
            return { id: element.id, text: element.textContent };
          });
        await page.goto('/help');
        await page.getByRole('heading', { level: 1, name: tr.help.title }).waitFor();
        await page.keyboard.press('Tab');
        assert.equal((await active()).text, tr.layout.skip);
        await page.keyboard.press('Enter');
        assert.equal((await active()).id, 'main');
      });
    });
  }
});
