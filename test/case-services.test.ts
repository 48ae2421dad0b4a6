import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { countCasesByState, findCase } from '../src/db/repositories/cases.repository.js';
import { SimexitError } from '../src/domain/errors.js';
import { withdrawCase } from '../src/services/case-actions.service.js';
import { submitCancellation } from '../src/services/intake.service.js';
import { DAY, passLineEnd, startServices, type Services } from './support/harness.js';
import { caseIn, demoLine, fileCase } from './support/factories.js';

/**
 * The case services on the demo operator's ports, without HTTP: filing, assessment, cooling-off,
 * execution and withdrawal as the worker runs them, checked against what the demo operator's systems
 * recorded (each call by its idempotency key, with how often it was repeated).
 */
let services: Services;

before(async () => {
  services = await startServices();
});
after(async () => {
  await services?.close();
});

/** What the demo operator's systems were asked to do for a number: operation → [calls, repeats]. */
async function operationsOn(msisdn: string): Promise<Record<string, [number, number]>> {
  const rows = await services.system
    .demo!.ddb.selectFrom('operations')
    .select(['operation', 'replays'])
    .where('msisdn', '=', msisdn)
    .execute();
  const seen: Record<string, [number, number]> = {};
  for (const row of rows) {
    const [calls, replays] = seen[row.operation] ?? [0, 0];
    seen[row.operation] = [calls + 1, replays + row.replays];
  }
  return seen;
}

describe('case services on the demo ports', () => {
  test('a prepaid line with credit: cooled off, then ended once in every system, the credit refunded', async () => {
    const line = await demoLine(services, 'uk-prepaid-credit');
    const done = await caseIn(services, 'completed', line, { decisions: { balance: { option: 'refund' } } });
    assert.equal(done.channel, 'online');
    assert.deepEqual(await operationsOn(line.msisdn), {
      deactivate: [1, 0],
      final_bill: [1, 0],
      balance_refund: [1, 0],
      quarantine: [1, 0],
    });
    const steps = await services.system.context.db
      .selectFrom('execution_steps')
      .select('step')
      .where('case_id', '=', done.id)
      .orderBy('completed_at')
      .execute();
    assert.deepEqual(
      steps.map((s) => s.step),
      ['deactivate_line', 'release_esim_profile', 'final_bill', 'balance', 'bound_services', 'quarantine_number'],
    );
  });

  test('a deactivation the network did before a crash kept it from being recorded is recognised by its key', async () => {
    const line = await demoLine(services, 'uk-contract');
    const waiting = await caseIn(services, 'scheduled', line, { decisions: { acceptEarlyTerminationCharge: true } });
    // What an execution that died between the network's answer and its own record had done.
    await services.system.context.ports.provisioning.deactivateLine(
      line.msisdn,
      line.iccid,
      `deactivate_line:${waiting.id}`,
    );
    await passLineEnd(services, waiting.id);
    assert.equal((await findCase(services.system.context.db, waiting.id))!.state, 'completed');
    assert.deepEqual((await operationsOn(line.msisdn)).deactivate, [1, 1], 'one deactivation, its repeat recognised');
  });

  test('a line with an unpaid bill cannot be filed, and nothing is written', async () => {
    const line = await demoLine(services, 'uk-debt');
    const before = await countCasesByState(services.system.context.db);
    await assert.rejects(
      submitCancellation(
        services.system.context,
        { kind: 'subscriber', id: line.subscriberId, scope: [line.msisdn] },
        {
          msisdn: line.msisdn,
          decisions: { acceptEarlyTerminationCharge: false, balance: null, acknowledgedServiceIds: [] },
          requestedEndDate: null,
          confirmationEmail: null,
          leavingReason: null,
        },
        null,
      ),
      (error) => error instanceof SimexitError && error.code === 'CASE_NOT_ELIGIBLE',
    );
    assert.deepEqual(await countCasesByState(services.system.context.db), before);
  });

  test('a case withdrawn in cooling-off is never carried out', async () => {
    const line = await demoLine(services, 'de-prepaid');
    const cooling = await fileCase(services, line, {
      decisions: { balance: { option: 'forfeit', acknowledged: true } },
    });
    assert.equal(cooling.state, 'cooling_off');
    const holder = { kind: 'subscriber' as const, id: line.subscriberId, scope: [line.msisdn] };
    await withdrawCase(services.system.context, holder, cooling.id, 'holder_request');
    await services.advance(3 * DAY);
    assert.equal((await findCase(services.system.context.db, cooling.id))!.state, 'withdrawn');
    assert.deepEqual(await operationsOn(line.msisdn), {}, 'no outside system was asked to end the line');
  });
});
