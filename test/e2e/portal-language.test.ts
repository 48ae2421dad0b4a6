import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { personas } from '../../src/ports/adapters/demo/personas.js';
import { latestCode, personaLines } from '../support/harness.js';
import {
  accessibilityProblems,
  openContext,
  screenshots,
  startPortal,
  texts,
  SCREENSHOTS,
  type Portal,
} from './browser.js';

/**
 * The language picked in the portal's header is the language of the holder's messages: a UK holder
 * who opens the portal in English and switches to 简体中文 gets the one-time code and the alerts
 * about their line in Chinese, by SMS and by e-mail (here: the demo operator's inboxes).
 */
describe('the portal’s language carries to the holder’s messages', () => {
  let portal: Portal;
  before(async () => {
    portal = await startPortal();
  });
  after(async () => {
    await portal?.close();
  });

  const inbox = async (address: string) =>
    (
      await portal.harness.request({ method: 'GET', url: `/demo/inbox/${encodeURIComponent(address)}` })
    ).body.messages.map((m: { subject: string; body: string }) => `${m.subject}\n${m.body}`) as string[];

  test('switching to 简体中文 in the header: the code and the lock alert arrive in Chinese', async () => {
    const tr = texts['zh-CN'];
    const persona = personas.find((p) => p.key === 'uk-bound-services')!;
    const line = (await personaLines(portal.harness))[persona.key]![0]!;
    const { context, page, problems } = await openContext(portal, 'en');
    try {
      await page.goto('/');
      await page.getByRole('heading', { level: 1, name: texts.en.home.title }).waitFor();
      // The holder picks Chinese in the header; the page follows at once, no reload.
      await page.locator('#language').selectOption('zh-CN');
      await page.getByRole('heading', { level: 1, name: tr.home.title }).waitFor();
      await page.getByRole('navigation').getByRole('link', { name: tr.layout.cancelEntry }).click();
      await page.getByRole('heading', { level: 1, name: tr.identify.title }).waitFor();
      await page.locator('input[name=msisdn]').fill(line.msisdn);
      await page.locator('input[name=iccid]').fill(line.iccid);
      await page.getByRole('button', { name: tr.identify.sendCode }).click();
      await page.getByRole('heading', { level: 1, name: tr.identify.codeTitle }).waitFor();
      const code = await latestCode(portal.harness, line.msisdn);
      assert.match((await inbox(line.msisdn)).at(-1)!, new RegExp(`您的验证码是 ${code}，10 分钟内有效`));
      await page.locator('input[name=code]').fill(code);
      await page.getByRole('button', { name: tr.identify.verify }).click();
      await page.getByRole('heading', { level: 1, name: tr.lines.title }).waitFor();

      await page.getByRole('button', { name: tr.lineLock.lock }).first().click();
      await page.getByText(tr.lineLock.locked.split('{{at}}')[1]!.trim(), { exact: false }).first().waitFor();
      assert.deepEqual(await accessibilityProblems(page), []);
      await screenshots(page, 'lines-locked-language-switched-zh-CN');
      await portal.harness.drain();
      const alerts = [...(await inbox(line.msisdn)), ...(await inbox(persona.email))].filter((m) =>
        m.includes('已锁定携号转网和注销'),
      );
      assert.equal(alerts.length, 2, 'the line and the account e-mail hear of the lock');
      for (const alert of alerts) {
        assert.match(alert, /（英国时间），号码 .+ 的携号转网和注销已被锁定/);
        assert.doesNotMatch(alert, /printed on your bill|porting|locked/);
      }
      // Recorded for the holder, so messages sent later by a worker are Chinese too.
      const chosen = await portal.harness.system.context.db
        .selectFrom('holder_languages')
        .select('language')
        .where(
          'subscriber_id',
          '=',
          (await portal.harness.system.context.ports.crm.findLine(line.msisdn))!.subscriberId,
        )
        .executeTakeFirst();
      assert.equal(chosen?.language, 'zh-CN');
      assert.deepEqual(problems, []);
    } catch (error) {
      await page.screenshot({ path: `${SCREENSHOTS}/FAILED-portal-language.png`, fullPage: true });
      throw error;
    } finally {
      await context.close();
    }
  });
});
