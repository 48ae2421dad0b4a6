import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { policies } from '../../src/domain/policy/index.js';
import { personas } from '../../src/ports/adapters/demo/personas.js';
import { consoleEn } from '../../web/i18n/console-en.js';
import { formatMoney, localeFor } from '../../web/shared/format.js';
import { HOUR, latestCode, passLineEnd, personaLines, signInWithIccid, staffToken } from '../support/harness.js';
import {
  asStaffMember,
  fill,
  openContext,
  problemsAtWidths,
  SCREENSHOTS,
  startPortal,
  texts,
  type Language,
  type Portal,
} from './browser.js';

/**
 * The case page (holder) and the case desk (staff) trace the money and the bound services of a
 * completed case: each service told, when, over what and its answer; credit moved to the holder's
 * own line with that line's balance before and after. Both pages pass axe and do not scroll sideways
 * at 360 and 1280 px, in English and in Chinese.
 */
const personaByKey = Object.fromEntries(personas.map((p) => [p.key, p]));
const c = consoleEn.console;
let portal: Portal;
let lines: Record<string, { msisdn: string; iccid: string }[]>;
const cases: { services: string; transfer: string } = { services: '', transfer: '' };

async function fileOverApi(persona: string, index: number, decisions: Record<string, unknown>) {
  const line = lines[persona]![index]!;
  const token = await signInWithIccid(portal.harness, line.msisdn, line.iccid);
  const created = await portal.harness.request({
    method: 'POST',
    url: '/v1/cancellations',
    token,
    payload: { msisdn: line.msisdn, decisions },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body.id as string;
}

async function staffCase(id: string) {
  const token = await staffToken(portal.harness, 'clerk@demo.simexit.test');
  return (await portal.harness.request({ method: 'GET', url: `/v1/staff/cases/${id}`, token })).body;
}

/** The former holder opens the case page and signs in with the account login (the line is closed). */
async function openAsHolder(
  page: Page,
  language: Language,
  persona: string,
  index: number,
  caseId: string,
  heading: string,
) {
  const tr = texts[language];
  const { accountLogin, email } = personaByKey[persona]!;
  await page.goto(`/cases/${caseId}`);
  await page.getByRole('link', { name: tr.case.signIn }).click();
  await page.locator('input[name=msisdn]').fill(lines[persona]![index]!.msisdn);
  await page.getByLabel(tr.identify.methodLogin).check();
  await page.locator('input[name=accountLogin]').fill(accountLogin);
  await page.getByRole('button', { name: tr.identify.sendCode }).click();
  await page.locator('input[name=code]').waitFor();
  await page.locator('input[name=code]').fill(await latestCode(portal.harness, email));
  await page.getByRole('button', { name: tr.identify.verify }).click();
  await page.getByRole('heading', { level: 2, name: heading }).waitFor();
}

describe('credit and bound services on the case page and the case desk', () => {
  before(async () => {
    portal = await startPortal();
    lines = await personaLines(portal.harness);
    cases.services = await fileOverApi('uk-bound-services', 0, {
      acknowledgedServiceIds: ['447700900105-1', '447700900105-2'],
    });
    cases.transfer = await fileOverApi('uk-two-lines', 0, {
      balance: { option: 'transfer', toMsisdn: lines['uk-two-lines']![1]!.msisdn },
    });
    await portal.harness.drain();
    await portal.harness.advance(policies.UK.coolingOffHours * HOUR + HOUR);
    // A contract waits for its end date (state scheduled); pass it.
    for (const id of Object.values(cases)) await passLineEnd(portal.harness, id);
    for (const id of Object.values(cases)) assert.equal((await staffCase(id)).state, 'completed');
  });
  after(async () => {
    await portal?.close();
  });

  for (const language of ['en', 'zh-CN'] as const) {
    test(`the holder sees each service told and the credit moved (${language})`, async () => {
      const tr = texts[language];
      const { context, page, problems } = await openContext(portal, language);
      try {
        const services = (await staffCase(cases.services)).outcome.boundServices as {
          serviceId: string;
          name: string;
          acknowledgement: string;
        }[];
        // Only services on this case: one heading, theirs.
        await openAsHolder(page, language, 'uk-bound-services', 0, cases.services, tr.outcome.servicesTitle);
        for (const service of services) {
          const text = (await page.locator(`#service-${service.serviceId}`).textContent()) ?? '';
          assert.ok(text.includes(service.name), text);
          const [, afterAt] = tr.outcome.status.told.split('{{channel}}');
          assert.ok(text.includes(fill(afterAt!, { answer: service.acknowledgement })), text);
          assert.ok(text.includes(tr.outcome.channel.webhook), text);
        }
        assert.deepEqual(await problemsAtWidths(page, `case-services-${language}`), []);

        const transfer = (await staffCase(cases.transfer)).outcome.balance.transfer as {
          toMsisdn: string;
          targetBalance: { creditBeforeMinor: number; creditAfterMinor: number };
        };
        await context.clearCookies();
        await openAsHolder(page, language, 'uk-two-lines', 0, cases.transfer, tr.outcome.creditTitle);
        const locale = localeFor(language, 'UK');
        assert.equal(
          await page.locator('#outcome-target-balance').textContent(),
          fill(tr.outcome.targetBalance, {
            to: transfer.toMsisdn,
            before: formatMoney(transfer.targetBalance.creditBeforeMinor, 'GBP', locale),
            after: formatMoney(transfer.targetBalance.creditAfterMinor, 'GBP', locale),
          }),
        );
        assert.deepEqual(await problemsAtWidths(page, `case-transfer-${language}`), []);
        assert.deepEqual(problems, []);
      } catch (error) {
        await page.screenshot({ path: `${SCREENSHOTS}/FAILED-case-outcome-${language}.png`, fullPage: true });
        throw error;
      } finally {
        await context.close();
      }
    });
  }

  test('staff see each service with its channel, recipient, attempts and answer, and the target balance', async () => {
    await asStaffMember(
      portal,
      'clerk',
      'case-desk-outcome',
      async (page) => {
        await page.goto(`/console/cases/${cases.services}`);
        await page.getByRole('heading', { level: 2, name: c.outcome.title }).waitFor();
        const services = (await staffCase(cases.services)).outcome.boundServices as {
          serviceId: string;
          recipient: string;
          acknowledgement: string;
        }[];
        for (const service of services) {
          const text = (await page.locator(`#service-${service.serviceId}`).textContent()) ?? '';
          for (const part of [
            c.outcome.status.told,
            c.outcome.channel.webhook,
            service.recipient,
            service.acknowledgement,
          ])
            assert.ok(text.includes(part), `${part} in ${text}`);
        }
        assert.deepEqual(await problemsAtWidths(page, 'case-desk-services'), []);

        await page.goto(`/console/cases/${cases.transfer}`);
        await page.getByRole('heading', { level: 2, name: c.outcome.title }).waitFor();
        const text = (await page.locator('#outcome-balance').textContent()) ?? '';
        assert.ok(text.includes(c.outcome.sameAccount), text);
        assert.match((await page.locator('#outcome-target-balance').textContent()) ?? '', /→/);
        assert.deepEqual(await problemsAtWidths(page, 'case-desk-transfer'), []);
      },
      { prefix: 'case-outcome' },
    );
  });
});
