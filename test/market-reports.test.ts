import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { generateDueReports } from '../src/services/market-reports.service.js';
import { DAY, HOUR, personaLines, signInWithIccid, staffToken, startHarness, type Harness } from './support/harness.js';

/** The scheduler's regulatory files: the US monthly disconnected-numbers file and the CN unbinding list. */
describe('market reports', () => {
  let harness: Harness;
  let usNumber: string;
  let cnNumber: string;

  before(async () => {
    harness = await startHarness({ start: '2026-11-10T15:00:00Z' });
    const lines = await personaLines(harness);
    const us = lines['us-postpaid']![0]!;
    const cn = lines['cn-prepaid']![0]!;
    usNumber = us.msisdn;
    cnNumber = cn.msisdn;
    for (const [line, decisions] of [
      [us, { acknowledgedServiceIds: ['12015550123-1'] }],
      [cn, { balance: { option: 'transfer', toMsisdn: lines['cn-prepaid']![1]!.msisdn } }],
    ] as const) {
      const token = await signInWithIccid(harness, line.msisdn, line.iccid);
      const created = await harness.request({
        method: 'POST',
        url: '/v1/cancellations',
        token,
        payload: { msisdn: line.msisdn, decisions },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
    }
    await harness.drain();
    await harness.advance(49 * HOUR);
    const clerk = await staffToken(harness, 'clerk@demo.simexit.test');
    const cnCase = await harness.system.context.db
      .selectFrom('cases')
      .select('id')
      .where('msisdn', '=', cn.msisdn)
      .executeTakeFirstOrThrow();
    const received = await harness.request({
      method: 'POST',
      url: `/v1/staff/cases/${cnCase.id}/card-return`,
      token: clerk,
      payload: { iccid: cn.iccid },
    });
    assert.equal(received.status, 200, JSON.stringify(received.body));
    await harness.drain();
  });
  after(() => harness.close());

  const reports = async (market: string) =>
    (
      await harness.request({
        method: 'GET',
        url: `/v1/admin/reports?market=${market}`,
        token: await staffToken(harness, 'admin@demo.simexit.test'),
      })
    ).body.reports as { id: string; kind: string; period: string; rowCount: number }[];
  const download = async (id: string) =>
    (
      await harness.request({
        method: 'GET',
        url: `/v1/admin/reports/${id}`,
        token: await staffToken(harness, 'supervisor@demo.simexit.test'),
      })
    ).body as string;

  test('US: on the 1st, the file for the month before lists each disconnected number with its date', async () => {
    harness.clock.set('2026-12-01T12:00:00Z');
    const generated = await generateDueReports(harness.system.context);
    assert.ok(generated.includes('us_disconnected_numbers'));
    assert.deepEqual(await generateDueReports(harness.system.context), [], 'nothing twice');
    const november = (await reports('US')).find((r) => r.period === '2026-11')!;
    assert.equal(november.rowCount, 1);
    assert.equal(await download(november.id), `phone_number,disconnection_date\n${usNumber},2026-11-12\n`);
    const forbidden = await harness.request({
      method: 'GET',
      url: `/v1/admin/reports/${november.id}`,
      token: await staffToken(harness, 'agent@demo.simexit.test'),
    });
    assert.equal(forbidden.status, 403);
  });

  test('CN: the daily unbinding list names numbers a week before they may be reissued', async () => {
    await generateDueReports(harness.system.context);
    const early = (await reports('CN')).find((r) => r.period === '2026-12-01')!;
    assert.equal(early.rowCount, 0, 'the cool-down has months to go');
    const quarantine = await harness.system.context.db
      .selectFrom('number_quarantines')
      .selectAll()
      .where('msisdn', '=', cnNumber)
      .executeTakeFirstOrThrow();
    harness.clock.set(new Date(new Date(quarantine.release_at).getTime() - 5 * DAY));
    await generateDueReports(harness.system.context);
    const due = (await reports('CN')).sort((a, b) => b.period.localeCompare(a.period))[0]!;
    assert.equal(due.rowCount, 1);
    assert.match(
      await download(due.id),
      new RegExp(`^phone_number,deactivated_on,reissue_from\\n\\${cnNumber},2026-11-\\d\\d,\\d{4}-\\d\\d-\\d\\d\\n$`),
    );
  });
});
