import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { policies } from '../src/domain/policy/index.js';
import { startOfLocalDate } from '../src/domain/working-days.js';
import { personas } from '../src/ports/adapters/demo/personas.js';
import { DAY, HOUR, latestCode, personaLines, signInWithIccid, staffToken, startHarness } from './support/harness.js';

const personasByKey = Object.fromEntries(personas.map((p) => [p.key, p]));

/** The notification templates a case view lists as sent, in order. */
const sentTemplates = (view: { communications: { direction: string; template: string | null }[] }) =>
  view.communications.filter((m) => m.direction === 'outbound' && m.template).map((m) => m.template);

/**
 * Every demo persona walks the whole journey over HTTP: identify, checklist, resolve or acknowledge
 * blockers, submit (with an Idempotency-Key replay), receipt, cooling-off, review (automatic or by
 * people), card return where needed, execution, completion, quarantine and release of the number.
 * Time passes through the scheduler (a manual clock), as it would in production.
 */
interface Journey {
  persona: string;
  lineIndex?: number;
  expectItems: string[];
  decisions: Record<string, unknown>;
  /** Days from now the holder asks the line to end on (an early exit before the minimum term ends). */
  requestedEndInDays?: number;
  /** Something to fix before submitting, after a first refused submission. */
  fix?: 'pay_debt' | 'accept_charge';
  review: 'auto' | 'manual' | 'second_approver';
  cardReturn: boolean;
}

const journeys: Journey[] = [
  {
    persona: 'uk-prepaid-credit',
    expectItems: ['balance'],
    decisions: { balance: { option: 'transfer', toMsisdn: '+447700900110' } },
    review: 'auto',
    cardReturn: false,
  },
  { persona: 'uk-debt', expectItems: ['debt'], decisions: {}, fix: 'pay_debt', review: 'auto', cardReturn: false },
  { persona: 'uk-debt-arrangement', expectItems: ['debt'], decisions: {}, review: 'auto', cardReturn: false },
  {
    // An early exit: asked for a date before the commitment ends, so the charge must be accepted.
    persona: 'uk-contract',
    expectItems: ['contract_end'],
    requestedEndInDays: 10,
    decisions: {},
    fix: 'accept_charge',
    review: 'auto',
    cardReturn: false,
  },
  {
    persona: 'uk-bound-services',
    expectItems: ['bound_service'],
    decisions: { acknowledgedServiceIds: ['447700900105-1', '447700900105-2'] },
    review: 'auto',
    cardReturn: false,
  },
  {
    persona: 'uk-data-card-return',
    expectItems: ['balance', 'card_return'],
    decisions: { balance: { option: 'forfeit', acknowledged: true } },
    review: 'auto',
    cardReturn: true,
  },
  { persona: 'uk-sim-swap', expectItems: [], decisions: {}, review: 'second_approver', cardReturn: false },
  { persona: 'uk-contact-change', expectItems: [], decisions: {}, review: 'manual', cardReturn: false },
  { persona: 'uk-new-contact-number', expectItems: [], decisions: {}, review: 'manual', cardReturn: false },
  {
    persona: 'uk-two-lines',
    expectItems: ['balance'],
    decisions: { balance: { option: 'forfeit', acknowledged: true } },
    review: 'auto',
    cardReturn: false,
  },
  {
    // An ordinary cancellation: it ends with the minimum term, free, with nothing to accept.
    persona: 'de-contract',
    expectItems: ['contract_end'],
    decisions: {},
    review: 'auto',
    cardReturn: false,
  },
  {
    persona: 'de-prepaid',
    expectItems: ['balance'],
    decisions: { balance: { option: 'refund' } },
    review: 'auto',
    cardReturn: false,
  },
  {
    persona: 'cn-prepaid',
    expectItems: ['balance', 'card_return'],
    decisions: { balance: { option: 'transfer', toMsisdn: '+8613800138002' } },
    review: 'auto',
    cardReturn: true,
  },
  {
    persona: 'us-postpaid',
    expectItems: ['bound_service'],
    decisions: { acknowledgedServiceIds: ['12015550123-1'] },
    review: 'auto',
    cardReturn: false,
  },
];

describe('every persona, the whole journey over HTTP', () => {
  test('the personas cover every blocker, disposition, market and risk signal', () => {
    assert.ok(personas.length >= 12);
    for (const journey of journeys) assert.ok(personasByKey[journey.persona], `persona ${journey.persona} exists`);
  });

  for (const journey of journeys) {
    // Each journey gets its own operator, seeded at the start of its own time line.
    test(journey.persona, async (t) => {
      const harness = await startHarness();
      t.after(() => harness.close());
      const lines = await personaLines(harness);
      const line = lines[journey.persona]![journey.lineIndex ?? 0]!;
      const clerk = () => staffToken(harness, 'clerk@demo.simexit.test');
      const supervisor = () => staffToken(harness, 'supervisor@demo.simexit.test');
      const policy = policies[personasByKey[journey.persona]!.market];
      const token = await signInWithIccid(harness, line.msisdn, line.iccid);
      const path = encodeURIComponent(line.msisdn);

      // Checklist
      const checklist = await harness.request({ method: 'GET', url: `/v1/lines/${path}/checklist`, token });
      assert.equal(checklist.status, 200, JSON.stringify(checklist.body));
      const kinds = (checklist.body.checklist.items as { kind: string }[]).map((item) => item.kind);
      for (const kind of journey.expectItems) assert.ok(kinds.includes(kind), `${kind} in ${kinds.join(',')}`);
      assert.ok(kinds.includes('reminder'));

      // The end date: the earliest free one unless the holder asks for an earlier one.
      const end = (
        checklist.body.checklist.items as { kind: string; endsOn: string; minimumTermEndsOn: string | null }[]
      ).find((item) => item.kind === 'contract_end')!;
      // A running minimum term (90 days and more for the contract personas) outlasts any notice.
      if (personasByKey[journey.persona]!.lines[journey.lineIndex ?? 0]!.contract)
        assert.equal(end.endsOn, end.minimumTermEndsOn);
      assert.equal(kinds.includes('early_termination_charge'), false, 'no charge for an ordinary cancellation');
      const requestedEndDate =
        journey.requestedEndInDays === undefined
          ? null
          : new Date(harness.clock.now().getTime() + journey.requestedEndInDays * 24 * HOUR).toISOString().slice(0, 10);

      // Submit; a blocker refuses the submission until it is fixed.
      const submit = (decisions: Record<string, unknown>, key: string) =>
        harness.request({
          method: 'POST',
          url: '/v1/cancellations',
          token,
          headers: { 'idempotency-key': key },
          payload: { msisdn: line.msisdn, decisions, requestedEndDate, leavingReason: 'moving abroad' },
        });
      let decisions = journey.decisions;
      if (journey.fix) {
        const refused = await submit(decisions, `${journey.persona}-first`);
        assert.equal(refused.status, 422);
        assert.equal(refused.body.error.code, 'CASE_NOT_ELIGIBLE');
        if (journey.fix === 'pay_debt') {
          assert.equal((await harness.request({ method: 'POST', url: `/demo/lines/${path}/pay-debt` })).status, 200);
        } else {
          decisions = { ...decisions, acceptEarlyTerminationCharge: true };
        }
      }
      const created = await submit(decisions, `${journey.persona}-key`);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const caseId = created.body.id as string;
      assert.equal(created.body.state, 'submitted');
      assert.equal(created.body.receivedAt, harness.clock.now().toISOString());
      assert.equal(created.body.lineEndsOn, requestedEndDate ?? end.endsOn);

      // Same key, same body → same case; same key, other body → 409.
      const replay = await submit(decisions, `${journey.persona}-key`);
      assert.equal(replay.status, 200);
      assert.equal(replay.body.id, caseId);
      const misuse = await submit(
        { ...decisions, acceptEarlyTerminationCharge: !decisions.acceptEarlyTerminationCharge },
        `${journey.persona}-key`,
      );
      assert.equal(misuse.status, 409);
      assert.equal(misuse.body.error.code, 'IDEMPOTENCY_KEY_REUSED');

      // Receipt
      const receipt = await harness.request({ method: 'GET', url: `/v1/cases/${caseId}/receipt.pdf`, token });
      assert.equal(receipt.status, 200);
      assert.equal(receipt.raw.subarray(0, 5).toString(), '%PDF-');

      // Assessment → cooling-off, with the "not you?" message to the line.
      await harness.drain();
      let view = (await harness.request({ method: 'GET', url: `/v1/cases/${caseId}`, token })).body;
      assert.equal(view.state, 'cooling_off', JSON.stringify(view.timeline));
      assert.equal(view.waitingFor[0].what, 'cooling_off_end');
      // Each goes to every contact on file: the line, the account's e-mail and its other verified numbers.
      const contacts =
        2 + (personasByKey[journey.persona]!.contactNumbers ?? []).filter((c) => c.verifiedDaysAgo).length;
      assert.deepEqual(sentTemplates(view).sort(), [
        ...Array<string>(contacts).fill('cooling_off_started'),
        ...Array<string>(contacts).fill('receipt'),
      ]);
      assert.ok(view.communications.every((m: { deliveredAt: string | null }) => m.deliveredAt !== null));
      const inbox = (await harness.request({ method: 'GET', url: `/demo/inbox/${path}` })).body.messages as {
        subject: string;
        body: string;
      }[];
      assert.equal(
        inbox.filter((m) => `${m.subject} ${m.body}`.includes(created.body.reference)).length,
        2,
        'receipt and "not you?" by SMS',
      );

      // Days pass: the subscriber's 30-minute session has long expired, so staff look from here.
      await harness.advance(policy.coolingOffHours * HOUR + HOUR);
      const staffCase = async () =>
        (await harness.request({ method: 'GET', url: `/v1/staff/cases/${caseId}`, token: await clerk() })).body;
      view = await staffCase();

      if (journey.review !== 'auto') {
        assert.equal(view.state, 'in_review');
        const queue = await harness.request({ method: 'GET', url: '/v1/staff/review-queue', token: await clerk() });
        assert.ok((queue.body.cases as { id: string }[]).some((c) => c.id === caseId));
        const first = await harness.request({
          method: 'POST',
          url: `/v1/staff/cases/${caseId}/approve`,
          token: await clerk(),
          payload: {},
        });
        assert.equal(first.status, 200, JSON.stringify(first.body));
        if (journey.review === 'second_approver') {
          assert.equal(first.body.state, 'in_review');
          const again = await harness.request({
            method: 'POST',
            url: `/v1/staff/cases/${caseId}/approve`,
            token: await clerk(),
            payload: {},
          });
          assert.equal(again.status, 409);
          const second = await harness.request({
            method: 'POST',
            url: `/v1/staff/cases/${caseId}/approve`,
            token: await supervisor(),
            payload: {},
          });
          assert.equal(second.status, 200, JSON.stringify(second.body));
        }
        await harness.drain();
        view = await staffCase();
      }

      if (journey.cardReturn) {
        assert.equal(view.state, 'awaiting_card_return');
        const wrong = await harness.request({
          method: 'POST',
          url: `/v1/staff/cases/${caseId}/card-return`,
          token: await clerk(),
          payload: { iccid: lines['uk-prepaid-credit']![0]!.iccid },
        });
        assert.equal(wrong.status, 422);
        assert.equal(wrong.body.error.code, 'ICCID_MISMATCH');
        const received = await harness.request({
          method: 'POST',
          url: `/v1/staff/cases/${caseId}/card-return`,
          token: await clerk(),
          payload: { iccid: line.iccid },
        });
        assert.equal(received.status, 200, JSON.stringify(received.body));
        await harness.drain();
        view = await staffCase();
      }

      // A contract is not switched off before the date the receipt gave: it waits, still withdrawable,
      // until 00:00 of that date in the market's time zone. Prepaid lines end at once.
      const endsAt = startOfLocalDate(created.body.lineEndsOn, policy.timeZone);
      if (endsAt.getTime() > harness.clock.now().getTime()) {
        assert.ok(!personasByKey[journey.persona]!.lines[journey.lineIndex ?? 0]!.prepaid, 'prepaid never waits');
        assert.equal(view.state, 'scheduled', JSON.stringify(view.timeline));
        assert.deepEqual(view.waitingFor, [{ what: 'line_end', until: endsAt.toISOString() }]);
        assert.deepEqual(view.execution, []);
        await harness.advance(endsAt.getTime() - harness.clock.now().getTime() + HOUR);
        view = await staffCase();
      }

      assert.equal(view.state, 'completed', JSON.stringify(view.timeline));
      assert.deepEqual((view.execution as { step: string }[]).map((s) => s.step).sort(), [
        'balance',
        'bound_services',
        'deactivate_line',
        'final_bill',
        'quarantine_number',
        'release_esim_profile',
      ]);
      assert.equal(view.number.status, 'quarantined');
      assert.ok(sentTemplates(view).includes('completed'));
      const messages = (await harness.request({ method: 'GET', url: `/demo/inbox/${path}` })).body.messages as {
        subject: string;
        body: string;
      }[];
      assert.equal(
        messages.filter((m) => `${m.subject} ${m.body}`.includes(created.body.reference)).length,
        journey.cardReturn ? 4 : 3,
      );

      // The line is gone from the network: a new code cannot be requested for it (the same answer
      // as for a number nobody has, whose message points to the account login).
      const again = await harness.request({
        method: 'POST',
        url: '/v1/auth/codes',
        payload: { msisdn: line.msisdn, iccid: line.iccid },
      });
      assert.equal(again.status, 422);
      assert.equal(again.body.error.code, 'IDENTITY_NOT_VERIFIED');
      assert.match(again.body.error.message, /account login/);

      // A former subscriber signs in with the account login (code by e-mail) to read the outcome.
      const persona = personasByKey[journey.persona]!;
      const sent = await harness.request({
        method: 'POST',
        url: '/v1/auth/codes',
        payload: { msisdn: line.msisdn, accountLogin: persona.accountLogin },
      });
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      const code = await latestCode(harness, persona.email);
      const session = await harness.request({
        method: 'POST',
        url: '/v1/auth/sessions',
        payload: { challengeId: sent.body.challengeId, code },
      });
      assert.equal(session.status, 201);
      const mine = await harness.request({ method: 'GET', url: `/v1/cases/${caseId}`, token: session.body.token });
      assert.equal(mine.body.state, 'completed');

      await harness.advance(policy.agingDays * DAY + HOUR);
      const staffView = (
        await harness.request({ method: 'GET', url: `/v1/staff/cases/${caseId}`, token: await clerk() })
      ).body;
      assert.equal(staffView.number.status, 'released');
      assert.ok((staffView.timeline as { type: string }[]).some((e) => e.type === 'number_released'));

      // Every other line of the account stays active.
      for (const other of lines[journey.persona]!.filter((l) => l.msisdn !== line.msisdn)) {
        const sent = await harness.request({
          method: 'POST',
          url: '/v1/auth/codes',
          payload: { msisdn: other.msisdn, iccid: other.iccid },
        });
        assert.equal(sent.status, 201, `${other.msisdn} still active`);
      }
    });
  }
});
