import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SimexitError } from './errors.js';
import {
  allowedCommands,
  caseStates,
  commandTypes,
  decide,
  isOpen,
  terminalStates,
  transitions,
  withdrawableStates,
  type CaseCommand,
  type CaseEffect,
  type CaseSnapshot,
  type CaseState,
  type CommandType,
  type Decision,
  type DecisionContext,
  type NotificationTemplate,
  type RejectionReason,
  type ReviewRoute,
  type TimerKind,
} from './lifecycle.js';
import { policies } from './policy/index.js';
import type { MarketPolicy } from './policy/types.js';
import { addCalendarDays, addWorkingDays, localDate, startOfLocalDate } from './working-days.js';
import { DAY, HOUR } from './time.js';

/**
 * A policy built here rather than taken from the shipped packs, so that the expected values below do not
 * move when a pack is edited. England calendar, 24 h cooling-off, 2 working days to review.
 */
const testPolicy: MarketPolicy = {
  market: 'UK',
  version: 1,
  country: 'GB',
  currency: 'GBP',
  language: 'en-GB',
  timeZone: 'Europe/London',
  coolingOffHours: 24,
  reviewSlaWorkingDays: 2,
  holidays: { country: 'GB', state: 'ENG' },
  termination: { contractNotice: { amount: 30, unit: 'day' }, asksTerminationKind: false },
  balance: {
    transferAllowed: true,
    refundRequired: true,
    minimumRefundMinor: 100,
    refundFeeMinor: 0,
    refundMethod: 'original_payment_method',
    refundWithinDays: 30,
  },
  debtPayment: { url: 'https://pay.test/uk' },
  earlyTermination: { chargeApplies: true },
  cardReturn: { productTypes: ['data_only'], deadlineDays: 14, mailingFeeMinor: 0, address: 'Test Returns, London' },
  agingDays: 90,
  needsInfoExpiryDays: 14,
  risk: {
    simSwapWindowHours: 72,
    pacBlockDaysAfterSimChange: 7,
    contactChangeWindowHours: 72,
    failedVerificationThreshold: 3,
    manualReviewSignals: ['recent_sim_swap', 'recent_contact_change', 'failed_verification_attempts', 'agent_override'],
    secondApproverSignals: ['recent_sim_swap'],
  },
  sources: ['test policy'],
};

/** Wednesday 10 June 2026, 13:00 in London (BST). */
const now = new Date('2026-06-10T12:00:00Z');
const context: DecisionContext = { now, policy: testPolicy };
const after = (ms: number): Date => new Date(now.getTime() + ms);
/** Two working days after Wednesday 13:00 in England (no holiday in between): Friday 13:00 BST. */
const reviewDue = new Date('2026-06-12T12:00:00Z');
/** An escalated review escalates again one SLA period (two working days here) later: the same instant. */
const nextEscalationDue = reviewDue;

const commands: { [K in CommandType]: Extract<CaseCommand, { type: K }> } = {
  submit: { type: 'submit' },
  start_verification: { type: 'start_verification' },
  identity_verified: { type: 'identity_verified' },
  identity_failed: { type: 'identity_failed', reason: 'identity_mismatch' },
  eligibility_passed: { type: 'eligibility_passed', reviewRoute: 'auto' },
  eligibility_failed: { type: 'eligibility_failed', reason: 'not_eligible' },
  cooling_off_ended: { type: 'cooling_off_ended' },
  approve: { type: 'approve', staffId: 's1' },
  reject: { type: 'reject', reason: 'other' },
  request_info: { type: 'request_info', message: 'Please send a photo of your ID.' },
  provide_info: { type: 'provide_info' },
  info_expired: { type: 'info_expired' },
  review_deadline_passed: { type: 'review_deadline_passed' },
  card_received: { type: 'card_received' },
  card_return_expired: { type: 'card_return_expired' },
  line_end_reached: { type: 'line_end_reached' },
  execution_completed: { type: 'execution_completed', quarantinedAt: now },
  execution_failed: { type: 'execution_failed', reason: 'network timeout' },
  retry_execution: { type: 'retry_execution' },
  withdraw: { type: 'withdraw', reason: 'holder_request' },
  bulk_notice: { type: 'bulk_notice' },
  bar_outgoing: { type: 'bar_outgoing' },
  bar_full: { type: 'bar_full' },
  bulk_deactivate: { type: 'bulk_deactivate', quarantinedAt: now },
  reinstate: { type: 'reinstate', reason: 'cause_fixed' },
};

/** The line's end date in the representative case: today in London, begun at midnight (a prepaid line). */
const today = '2026-06-10';
/** A contract's end date after its notice, months ahead: 00:00 GMT that day is 00:00 UTC. */
const laterEnd = '2027-03-23';
const laterEndStarts = new Date('2027-03-23T00:00:00Z');

/**
 * A representative case in `state`: manual review, no card to return, a needs_info case resumes
 * verification, and a line that ends today (so nothing waits for a date unless a test says so).
 */
function snapshotIn(state: CaseState, overrides: Partial<CaseSnapshot> = {}): CaseSnapshot {
  const routed = !['draft', 'submitted', 'verifying', 'eligibility'].includes(state);
  return {
    state,
    resumeState: state === 'needs_info' ? 'verifying' : null,
    reviewRoute: routed ? 'manual' : null,
    approvals: [],
    cardReturnRequired: false,
    lineEndsOn: today,
    escalated: false,
    escalations: 0,
    reviewDueAt: state === 'in_review' ? reviewDue : null,
    reviewRemainingMs: null,
    ...overrides,
  };
}

const cancel: CaseEffect = { type: 'cancel_timers' };
const notify = (template: NotificationTemplate): CaseEffect => ({ type: 'notify', template });
const timer = (kind: TimerKind, dueAt: Date): CaseEffect => ({ type: 'schedule_timer', timer: kind, dueAt });

type Expected = Omit<Decision, 'from'>;
const toRejected: Expected = { to: 'rejected', patch: {}, effects: [cancel, notify('rejected')] };
const toWithdrawn: Expected = { to: 'withdrawn', patch: {}, effects: [cancel, notify('withdrawn')] };
const toNeedsInfo = (from: CaseState): Expected => ({
  to: 'needs_info',
  // From review, the SLA clock pauses with what is left: Wednesday 13:00 to Friday 13:00, 48 working hours.
  patch:
    from === 'in_review'
      ? { resumeState: from, reviewDueAt: null, reviewRemainingMs: 48 * HOUR }
      : { resumeState: from },
  effects: [cancel, timer('needs_info_expiry', after(14 * DAY)), notify('needs_info')],
});

/**
 * What each legal (state, command) pair does to the representative case of {@link snapshotIn}, written
 * out by hand from the lifecycle in docs/ARCHITECTURE.md. A pair missing here must be illegal.
 */
const expected: { readonly [S in CaseState]: Partial<Record<CommandType, Expected>> } = {
  draft: {
    submit: { to: 'submitted', patch: {}, effects: [notify('receipt'), { type: 'start_assessment' }] },
    // A bulk run's case starts with its notice; nothing else of the intake journey applies.
    bulk_notice: { to: 'grace_period', patch: {}, effects: [notify('bulk_notice')] },
    withdraw: toWithdrawn,
  },
  submitted: {
    start_verification: { to: 'verifying', patch: {}, effects: [] },
    withdraw: toWithdrawn,
  },
  verifying: {
    identity_verified: { to: 'eligibility', patch: {}, effects: [] },
    identity_failed: toRejected,
    request_info: toNeedsInfo('verifying'),
    withdraw: toWithdrawn,
  },
  eligibility: {
    eligibility_passed: {
      to: 'cooling_off',
      patch: { reviewRoute: 'auto' },
      effects: [timer('cooling_off_end', after(24 * HOUR)), notify('cooling_off_started')],
    },
    eligibility_failed: toRejected,
    request_info: toNeedsInfo('eligibility'),
    withdraw: toWithdrawn,
  },
  cooling_off: {
    // Representative route is manual: review with a fresh deadline.
    cooling_off_ended: {
      to: 'in_review',
      patch: { approvals: [], escalated: false, escalations: 0, reviewDueAt: reviewDue, reviewRemainingMs: null },
      effects: [cancel, timer('review_deadline', reviewDue)],
    },
    withdraw: toWithdrawn,
  },
  in_review: {
    // Manual route, one approval is enough; no card to return.
    approve: { to: 'executing', patch: { approvals: ['s1'] }, effects: [cancel, { type: 'start_execution' }] },
    reject: toRejected,
    request_info: toNeedsInfo('in_review'),
    // The first escalation; the next one comes due after another SLA period.
    review_deadline_passed: {
      to: 'in_review',
      patch: { escalated: true, escalations: 1 },
      effects: [{ type: 'escalate', level: 1 }, timer('review_escalation', nextEscalationDue)],
    },
    withdraw: toWithdrawn,
  },
  needs_info: {
    // Representative resume state is verifying: assessment starts again.
    provide_info: { to: 'verifying', patch: { resumeState: null }, effects: [cancel, { type: 'start_assessment' }] },
    info_expired: toRejected,
    withdraw: toWithdrawn,
  },
  awaiting_card_return: {
    card_received: { to: 'executing', patch: {}, effects: [cancel, { type: 'start_execution' }] },
    card_return_expired: toRejected,
    withdraw: toWithdrawn,
  },
  scheduled: {
    // The representative line ends today: its date has begun, execution starts.
    line_end_reached: { to: 'executing', patch: {}, effects: [cancel, { type: 'start_execution' }] },
    withdraw: toWithdrawn,
  },
  executing: {
    execution_completed: {
      to: 'completed',
      patch: {},
      effects: [timer('quarantine_end', after(90 * DAY)), notify('completed')],
    },
    execution_failed: { to: 'failed', patch: {}, effects: [{ type: 'escalate' }] },
  },
  failed: {
    retry_execution: { to: 'executing', patch: {}, effects: [{ type: 'start_execution' }] },
  },
  grace_period: {
    bar_outgoing: { to: 'grace_period', patch: {}, effects: [notify('bulk_barred_outgoing')] },
    // A fully barred line receives no SMS: the notice of it goes by e-mail only.
    bar_full: {
      to: 'grace_period',
      patch: {},
      effects: [{ type: 'notify', template: 'bulk_barred_full', channels: ['email'] }],
    },
    bulk_deactivate: {
      to: 'completed',
      patch: {},
      effects: [
        timer('quarantine_end', after(90 * DAY)),
        { type: 'notify', template: 'completed', channels: ['email'] },
      ],
    },
    reinstate: { to: 'withdrawn', patch: {}, effects: [cancel, notify('bulk_reinstated')] },
    execution_failed: { to: 'failed', patch: {}, effects: [{ type: 'escalate' }] },
  },
  completed: {},
  rejected: {},
  withdrawn: {},
};

function isLegal(state: CaseState, type: CommandType): boolean {
  return expected[state][type] !== undefined;
}

function assertSimexitError(fn: () => unknown, code: string, status: number): SimexitError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof SimexitError, `expected a SimexitError, got ${String(caught)}`);
  assert.equal(caught.code, code);
  assert.equal(caught.status, status);
  return caught;
}

function assertIllegal(snapshot: CaseSnapshot, command: CaseCommand): void {
  const error = assertSimexitError(() => decide(snapshot, command, context), 'ILLEGAL_TRANSITION', 409);
  assert.equal(error.details?.state, snapshot.state);
  assert.equal(error.details?.command, command.type);
}

function apply(snapshot: CaseSnapshot, decision: Decision): CaseSnapshot {
  return { ...snapshot, ...decision.patch, state: decision.to };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

describe('the table', () => {
  test('lists the states, terminal and withdrawable states of the product', () => {
    assert.deepEqual([...caseStates].sort(), [
      'awaiting_card_return',
      'completed',
      'cooling_off',
      'draft',
      'eligibility',
      'executing',
      'failed',
      'grace_period',
      'in_review',
      'needs_info',
      'rejected',
      'scheduled',
      'submitted',
      'verifying',
      'withdrawn',
    ]);
    assert.deepEqual([...terminalStates].sort(), ['completed', 'rejected', 'withdrawn']);
    assert.deepEqual([...withdrawableStates].sort(), [
      'awaiting_card_return',
      'cooling_off',
      'draft',
      'eligibility',
      'in_review',
      'needs_info',
      'scheduled',
      'submitted',
      'verifying',
    ]);
    assert.equal(new Set(commandTypes).size, commandTypes.length);
    assert.equal(new Set(caseStates).size, caseStates.length);
  });

  test('allowedCommands and transitions agree with the expectation table for every state', () => {
    for (const state of caseStates) {
      const listed = commandTypes.filter((type) => isLegal(state, type));
      assert.deepEqual(allowedCommands(state), listed, state);
      assert.deepEqual(Object.keys(transitions[state]).sort(), [...listed].sort(), state);
    }
  });

  test('a case is open exactly until it reaches a terminal state', () => {
    for (const state of caseStates)
      assert.equal(isOpen(state), !['completed', 'rejected', 'withdrawn'].includes(state));
  });
});

describe('every (state, command) pair', () => {
  for (const state of caseStates) {
    describe(state, () => {
      for (const type of commandTypes) {
        const command = commands[type];
        const legal = isLegal(state, type);
        test(`${type} is ${legal ? 'legal' : 'illegal'}`, () => {
          const snapshot = snapshotIn(state);
          assert.equal(transitions[state][type] !== undefined, legal, 'the table lists the pair');
          if (!legal) {
            assertIllegal(snapshot, command);
            return;
          }
          const decision = decide(snapshot, command, context);
          assert.equal(decision.from, state);
          assert.ok(caseStates.includes(decision.to));
          assert.deepEqual(decision, { from: state, ...expected[state][type] });
        });
      }
    });
  }

  test('the ILLEGAL_TRANSITION error lists what the state does accept', () => {
    const error = assertSimexitError(
      () => decide(snapshotIn('cooling_off'), commands.approve, context),
      'ILLEGAL_TRANSITION',
      409,
    );
    assert.deepEqual(error.details, {
      state: 'cooling_off',
      command: 'approve',
      allowed: ['cooling_off_ended', 'withdraw'],
    });
    assert.match(error.message, /cooling off/);
  });
});

describe('variants', () => {
  describe('cooling_off_ended', () => {
    test('auto route without a card to return starts execution', () => {
      const decision = decide(snapshotIn('cooling_off', { reviewRoute: 'auto' }), commands.cooling_off_ended, context);
      assert.deepEqual(decision, {
        from: 'cooling_off',
        to: 'executing',
        patch: {},
        effects: [cancel, { type: 'start_execution' }],
      });
    });

    test('auto route with a card to return waits for the card', () => {
      const snapshot = snapshotIn('cooling_off', { reviewRoute: 'auto', cardReturnRequired: true });
      const decision = decide(snapshot, commands.cooling_off_ended, context);
      assert.deepEqual(decision, {
        from: 'cooling_off',
        to: 'awaiting_card_return',
        patch: {},
        effects: [cancel, timer('card_return_deadline', after(14 * DAY)), notify('card_return_requested')],
      });
    });

    for (const route of ['manual', 'second_approver'] as const) {
      test(`${route} route goes to review with a deadline`, () => {
        const snapshot = snapshotIn('cooling_off', { reviewRoute: route, cardReturnRequired: true });
        const decision = decide(snapshot, commands.cooling_off_ended, context);
        assert.deepEqual(decision, {
          from: 'cooling_off',
          to: 'in_review',
          patch: { approvals: [], escalated: false, escalations: 0, reviewDueAt: reviewDue, reviewRemainingMs: null },
          effects: [cancel, timer('review_deadline', reviewDue)],
        });
      });
    }

    test('a case without a route is never approved automatically', () => {
      const decision = decide(snapshotIn('cooling_off', { reviewRoute: null }), commands.cooling_off_ended, context);
      assert.equal(decision.to, 'in_review');
    });
  });

  describe('approve', () => {
    test('manual route with a card to return: one approval, then the card is requested', () => {
      const snapshot = snapshotIn('in_review', { reviewRoute: 'manual', cardReturnRequired: true });
      assert.deepEqual(decide(snapshot, commands.approve, context), {
        from: 'in_review',
        to: 'awaiting_card_return',
        patch: { approvals: ['s1'] },
        effects: [cancel, timer('card_return_deadline', after(14 * DAY)), notify('card_return_requested')],
      });
    });

    test('second_approver route: first approval stays in review, the same person cannot approve twice', () => {
      const first = snapshotIn('in_review', { reviewRoute: 'second_approver' });
      const firstDecision = decide(first, { type: 'approve', staffId: 's1' }, context);
      assert.deepEqual(firstDecision, {
        from: 'in_review',
        to: 'in_review',
        patch: { approvals: ['s1'] },
        effects: [],
      });

      const second = apply(first, firstDecision);
      assert.deepEqual(second.approvals, ['s1']);
      const error = assertSimexitError(
        () => decide(second, { type: 'approve', staffId: 's1' }, context),
        'SAME_APPROVER',
        409,
      );
      assert.deepEqual(error.details, { approvals: ['s1'] });
    });

    test('second_approver route: a different person completes the approval', () => {
      const second = snapshotIn('in_review', { reviewRoute: 'second_approver', approvals: ['s1'] });
      assert.deepEqual(decide(second, { type: 'approve', staffId: 's2' }, context), {
        from: 'in_review',
        to: 'executing',
        patch: { approvals: ['s1', 's2'] },
        effects: [cancel, { type: 'start_execution' }],
      });
      const withCard = { ...second, cardReturnRequired: true };
      const decision = decide(withCard, { type: 'approve', staffId: 's2' }, context);
      assert.equal(decision.to, 'awaiting_card_return');
      assert.deepEqual(decision.patch, { approvals: ['s1', 's2'] });
    });
  });

  describe('the line’s end date', () => {
    const scheduled = (dueAt: Date) => ({
      to: 'scheduled' as const,
      patch: {},
      effects: [cancel, timer('line_end', dueAt)],
    });
    const executing = { to: 'executing' as const, patch: {}, effects: [cancel, { type: 'start_execution' as const }] };

    test('approval before the end date waits in scheduled with a line_end timer at 00:00 of that date', () => {
      const snapshot = snapshotIn('in_review', { lineEndsOn: laterEnd });
      assert.deepEqual(decide(snapshot, commands.approve, context), {
        from: 'in_review',
        ...scheduled(laterEndStarts),
        patch: { approvals: ['s1'] },
      });
    });

    test('the second of two approvals schedules it too; the first changes nothing', () => {
      const first = snapshotIn('in_review', { reviewRoute: 'second_approver', lineEndsOn: laterEnd });
      assert.equal(decide(first, { type: 'approve', staffId: 's1' }, context).to, 'in_review');
      const second = { ...first, approvals: ['s1'] };
      assert.deepEqual(decide(second, { type: 'approve', staffId: 's2' }, context), {
        from: 'in_review',
        ...scheduled(laterEndStarts),
        patch: { approvals: ['s1', 's2'] },
      });
    });

    test('an automatic approval after cooling-off waits for the end date too', () => {
      const snapshot = snapshotIn('cooling_off', { reviewRoute: 'auto', lineEndsOn: laterEnd });
      assert.deepEqual(decide(snapshot, commands.cooling_off_ended, context), {
        from: 'cooling_off',
        ...scheduled(laterEndStarts),
      });
    });

    test('a card that must come back is asked for first; its arrival before the end date schedules the case', () => {
      const approved = decide(
        snapshotIn('in_review', { lineEndsOn: laterEnd, cardReturnRequired: true }),
        commands.approve,
        context,
      );
      assert.equal(approved.to, 'awaiting_card_return');
      const waiting = snapshotIn('awaiting_card_return', { lineEndsOn: laterEnd, cardReturnRequired: true });
      assert.deepEqual(decide(waiting, commands.card_received, context), {
        from: 'awaiting_card_return',
        ...scheduled(laterEndStarts),
      });
      // A card that arrives on or after the end date lets execution start at once.
      const late = { ...waiting, lineEndsOn: today };
      assert.deepEqual(decide(late, commands.card_received, context), { from: 'awaiting_card_return', ...executing });
    });

    test('a line whose end date has begun (prepaid: the day cooling-off ends) executes at once', () => {
      for (const lineEndsOn of [today, '2026-06-09', '2025-01-01']) {
        const decision = decide(snapshotIn('in_review', { lineEndsOn }), commands.approve, context);
        assert.deepEqual(decision, { from: 'in_review', ...executing, patch: { approvals: ['s1'] } }, lineEndsOn);
      }
      // Tomorrow has not begun: it waits until midnight, London time (BST, so 23:00 UTC).
      const tomorrow = decide(snapshotIn('in_review', { lineEndsOn: '2026-06-11' }), commands.approve, context);
      assert.deepEqual(tomorrow.effects, [cancel, timer('line_end', new Date('2026-06-10T23:00:00Z'))]);
    });

    test('the end date begins at midnight in the market’s time zone, not UTC', () => {
      const berlin = { ...testPolicy, timeZone: 'Europe/Berlin' };
      const shanghai = { ...testPolicy, timeZone: 'Asia/Shanghai' };
      const at = (policy: MarketPolicy, lineEndsOn: string) =>
        decide(snapshotIn('in_review', { lineEndsOn }), commands.approve, { now, policy }).effects;
      // 23 March 2027 is still winter time in Germany (CET, UTC+1); 1 July is summer time (UTC+2).
      assert.deepEqual(at(berlin, laterEnd), [cancel, timer('line_end', new Date('2027-03-22T23:00:00Z'))]);
      assert.deepEqual(at(berlin, '2026-07-01'), [cancel, timer('line_end', new Date('2026-06-30T22:00:00Z'))]);
      assert.deepEqual(at(shanghai, '2027-01-02'), [cancel, timer('line_end', new Date('2027-01-01T16:00:00Z'))]);
    });

    test('line_end_reached executes once the date has begun; before it, the case waits on', () => {
      const waiting = snapshotIn('scheduled', { lineEndsOn: laterEnd });
      assert.deepEqual(decide(waiting, commands.line_end_reached, { now: laterEndStarts, policy: testPolicy }), {
        from: 'scheduled',
        ...executing,
      });
      assert.deepEqual(decide(waiting, commands.line_end_reached, context), {
        from: 'scheduled',
        ...scheduled(laterEndStarts),
      });
    });

    test('a scheduled case is withdrawn or stopped like any case before execution, its timer cancelled', () => {
      for (const reason of ['holder_request', 'holder_disputed'] as const) {
        assert.deepEqual(
          decide(snapshotIn('scheduled', { lineEndsOn: laterEnd }), { type: 'withdraw', reason }, context),
          {
            from: 'scheduled',
            ...toWithdrawn,
          },
        );
      }
      for (const type of ['approve', 'reject', 'request_info', 'card_received', 'execution_completed'] as const) {
        assertIllegal(snapshotIn('scheduled', { lineEndsOn: laterEnd }), commands[type]);
      }
    });
  });

  describe('provide_info', () => {
    for (const resume of ['verifying', 'eligibility'] as const) {
      test(`resumes ${resume} and starts the assessment again`, () => {
        const snapshot = snapshotIn('needs_info', { resumeState: resume, reviewRoute: null });
        assert.deepEqual(decide(snapshot, commands.provide_info, context), {
          from: 'needs_info',
          to: resume,
          patch: { resumeState: null },
          effects: [cancel, { type: 'start_assessment' }],
        });
      });
    }

    test('resumes in_review with a fresh review deadline when no remainder was stored (paused before 0011)', () => {
      const snapshot = snapshotIn('needs_info', {
        resumeState: 'in_review',
        reviewRoute: 'second_approver',
        approvals: ['s1'],
        escalated: true,
      });
      assert.deepEqual(decide(snapshot, commands.provide_info, context), {
        from: 'needs_info',
        to: 'in_review',
        patch: {
          resumeState: null,
          approvals: [],
          escalated: false,
          escalations: 0,
          reviewDueAt: reviewDue,
          reviewRemainingMs: null,
        },
        effects: [cancel, timer('review_deadline', reviewDue)],
      });
    });

    /**
     * The review clock pauses while the subscriber is asked and resumes with the working time that was
     * left. England calendar (testPolicy); times in UTC, which is GMT in winter and BST − 1 h in summer.
     */
    const pauseAndResume: {
      name: string;
      deadline: string;
      askedAt: string;
      remainingHours: number;
      answeredAt: string;
      resumedDeadline: string;
    }[] = [
      {
        name: 'paused and resumed on working days: the deadline moves by the time the subscriber took',
        deadline: '2026-06-12T12:00:00Z', // Fri 13:00 BST
        askedAt: '2026-06-10T12:00:00Z', // Wed 13:00: 48 h left
        remainingHours: 48,
        answeredAt: '2026-06-11T08:00:00Z', // Thu 09:00 → 48 h on: Mon 09:00 (weekend skipped)
        resumedDeadline: '2026-06-15T08:00:00Z',
      },
      {
        name: 'answered on a Saturday: the clock restarts on Monday 00:00',
        deadline: '2026-06-12T12:00:00Z',
        askedAt: '2026-06-11T12:00:00Z', // Thu 13:00: 24 h left
        remainingHours: 24,
        answeredAt: '2026-06-13T10:00:00Z', // Sat → Mon 00:00 BST + 24 h
        resumedDeadline: '2026-06-15T23:00:00Z',
      },
      {
        name: 'a weekend inside the remaining time is skipped',
        deadline: '2026-06-15T12:00:00Z', // Mon 13:00 BST
        askedAt: '2026-06-12T12:00:00Z', // Fri 13:00: 11 h Fri + 13 h Mon = 24 h left
        remainingHours: 24,
        answeredAt: '2026-06-19T15:00:00Z', // Fri 16:00 → 8 h Fri + 16 h Mon
        resumedDeadline: '2026-06-22T15:00:00Z',
      },
      {
        name: 'Christmas and the Boxing Day substitute are skipped',
        deadline: '2026-12-24T10:00:00Z', // Thu
        askedAt: '2026-12-23T16:00:00Z', // Wed 16:00 GMT: 8 h + 10 h = 18 h left
        remainingHours: 18,
        answeredAt: '2026-12-24T20:00:00Z', // Thu 20:00: 4 h Thu, then Fri 25, Sat, Sun, Mon 28 off → Tue 14:00
        resumedDeadline: '2026-12-29T14:00:00Z',
      },
      {
        name: 'a case asked after its deadline comes back overdue',
        deadline: '2026-06-10T10:00:00Z',
        askedAt: '2026-06-10T12:00:00Z',
        remainingHours: 0,
        answeredAt: '2026-06-11T08:00:00Z',
        resumedDeadline: '2026-06-11T08:00:00Z',
      },
    ];
    for (const row of pauseAndResume) {
      test(row.name, () => {
        const inReview = snapshotIn('in_review', {
          reviewDueAt: new Date(row.deadline),
          escalated: row.remainingHours === 0,
          escalations: row.remainingHours === 0 ? 1 : 0,
        });
        const asked = decide(inReview, commands.request_info, { now: new Date(row.askedAt), policy: testPolicy });
        assert.equal(asked.to, 'needs_info');
        assert.deepEqual(asked.patch, {
          resumeState: 'in_review',
          reviewDueAt: null,
          reviewRemainingMs: row.remainingHours * HOUR,
        });
        const waiting = apply(inReview, asked);
        const answered = decide(waiting, commands.provide_info, { now: new Date(row.answeredAt), policy: testPolicy });
        const resumed = new Date(row.resumedDeadline);
        const overdue = row.remainingHours === 0;
        assert.deepEqual(answered, {
          from: 'needs_info',
          to: 'in_review',
          patch: {
            resumeState: null,
            approvals: [],
            reviewRemainingMs: null,
            escalated: overdue,
            escalations: overdue ? 1 : 0,
            reviewDueAt: resumed,
          },
          // Already escalated before the pause: no second escalation, no timer for a passed deadline, but
          // the next escalation one SLA period after it resumed.
          effects: overdue
            ? [cancel, timer('review_escalation', addWorkingDays(resumed, testPolicy.reviewSlaWorkingDays, testPolicy))]
            : [cancel, timer('review_deadline', resumed)],
        });
      });
    }

    test('an escalated review still undecided after another SLA period escalates again, and again', () => {
      let snapshot = snapshotIn('in_review');
      for (const level of [1, 2, 3]) {
        const decision = decide(snapshot, commands.review_deadline_passed, context);
        assert.deepEqual(decision.effects, [
          { type: 'escalate', level },
          timer('review_escalation', nextEscalationDue),
        ]);
        snapshot = apply(snapshot, decision);
        assert.equal(snapshot.escalations, level);
        assert.equal(snapshot.escalated, true);
        assert.deepEqual(snapshot.reviewDueAt, reviewDue, 'the deadline the queue sorts by stays the first one');
      }
      // A decision ends it: approval cancels the pending re-escalation with the other timers.
      assert.deepEqual(decide(snapshot, commands.approve, context).effects[0], cancel);
    });

    test('a case that fell due but was not yet escalated when it paused is escalated when it resumes', () => {
      const waiting = snapshotIn('needs_info', { resumeState: 'in_review', reviewRemainingMs: 0, escalated: false });
      const answered = decide(waiting, commands.provide_info, context);
      assert.deepEqual(answered.effects, [
        cancel,
        { type: 'escalate', level: 1 },
        timer('review_escalation', nextEscalationDue),
      ]);
      assert.equal(answered.patch.escalated, true);
      assert.deepEqual(answered.patch.reviewDueAt, now);
    });

    test('requests for information outside review leave the review clock alone', () => {
      for (const from of ['verifying', 'eligibility'] as const) {
        assert.deepEqual(decide(snapshotIn(from), commands.request_info, context).patch, { resumeState: from });
      }
    });

    test('request_info remembers where to resume, and provide_info goes back there', () => {
      for (const from of ['verifying', 'eligibility', 'in_review'] as const) {
        const asked = apply(snapshotIn(from), decide(snapshotIn(from), commands.request_info, context));
        assert.equal(asked.state, 'needs_info');
        assert.equal(asked.resumeState, from);
        const answered = apply(asked, decide(asked, commands.provide_info, context));
        assert.equal(answered.state, from);
        assert.equal(answered.resumeState, null);
      }
    });
  });

  test('terminal states accept nothing', () => {
    for (const state of ['completed', 'rejected', 'withdrawn'] as const) {
      assert.deepEqual(allowedCommands(state), []);
      for (const type of commandTypes) assertIllegal(snapshotIn(state), commands[type]);
    }
  });

  test('withdraw is legal exactly before execution starts', () => {
    const before: CaseState[] = [
      'draft',
      'submitted',
      'verifying',
      'eligibility',
      'cooling_off',
      'in_review',
      'needs_info',
      'awaiting_card_return',
      'scheduled',
    ];
    for (const reason of ['holder_request', 'holder_disputed'] as const) {
      for (const state of before) {
        assert.ok(withdrawableStates.includes(state));
        assert.deepEqual(decide(snapshotIn(state), { type: 'withdraw', reason }, context), {
          from: state,
          ...toWithdrawn,
        });
      }
      for (const state of ['executing', 'completed', 'failed', 'rejected', 'withdrawn', 'grace_period'] as const) {
        assert.ok(!withdrawableStates.includes(state));
        assertIllegal(snapshotIn(state), { type: 'withdraw', reason });
      }
    }
  });

  test('every rejection reason rejects from every rejecting command', () => {
    const reasons: RejectionReason[] = ['identity_mismatch', 'not_eligible', 'other', 'suspected_fraud'];
    for (const reason of reasons) {
      for (const [state, command] of [
        ['verifying', { type: 'identity_failed', reason }],
        ['eligibility', { type: 'eligibility_failed', reason }],
        ['in_review', { type: 'reject', reason }],
      ] as const) {
        assert.deepEqual(decide(snapshotIn(state), command, context), { from: state, ...toRejected });
      }
    }
  });
});

describe('effects', () => {
  /** Odd values so that no timer can pass by using another timer's number. */
  const oddPolicy: MarketPolicy = {
    ...testPolicy,
    coolingOffHours: 37,
    reviewSlaWorkingDays: 3,
    needsInfoExpiryDays: 9,
    cardReturn: { ...testPolicy.cardReturn, deadlineDays: 21 },
    agingDays: 180,
  };

  function timersOf(decision: Decision): { timer: TimerKind; dueAt: Date }[] {
    return decision.effects.flatMap((effect) =>
      effect.type === 'schedule_timer' ? [{ timer: effect.timer, dueAt: effect.dueAt }] : [],
    );
  }

  test('timers come from now and the policy', () => {
    const ctx: DecisionContext = { now, policy: oddPolicy };
    const run = (snapshot: CaseSnapshot, command: CaseCommand) => timersOf(decide(snapshot, command, ctx));
    assert.deepEqual(run(snapshotIn('eligibility'), commands.eligibility_passed), [
      { timer: 'cooling_off_end', dueAt: after(37 * HOUR) },
    ]);
    for (const from of ['verifying', 'eligibility', 'in_review'] as const) {
      assert.deepEqual(run(snapshotIn(from), commands.request_info), [
        { timer: 'needs_info_expiry', dueAt: after(9 * DAY) },
      ]);
    }
    assert.deepEqual(
      run(snapshotIn('cooling_off', { reviewRoute: 'auto', cardReturnRequired: true }), commands.cooling_off_ended),
      [{ timer: 'card_return_deadline', dueAt: after(21 * DAY) }],
    );
    assert.deepEqual(run(snapshotIn('in_review', { cardReturnRequired: true }), commands.approve), [
      { timer: 'card_return_deadline', dueAt: after(21 * DAY) },
    ]);
    assert.deepEqual(run(snapshotIn('executing'), commands.execution_completed), [
      { timer: 'quarantine_end', dueAt: after(180 * DAY) },
    ]);
    // Wednesday 13:00 BST + 3 working days = Monday 15 June 13:00 BST.
    assert.deepEqual(run(snapshotIn('cooling_off'), commands.cooling_off_ended), [
      { timer: 'review_deadline', dueAt: new Date('2026-06-15T12:00:00Z') },
    ]);
  });

  test('the review deadline skips weekends and holidays', () => {
    // Thursday 24 December 2026, 10:00 GMT: Christmas and Boxing Day (substitute Monday 28th) are off.
    const christmasEve = new Date('2026-12-24T10:00:00Z');
    const decision = decide(snapshotIn('cooling_off'), commands.cooling_off_ended, {
      now: christmasEve,
      policy: testPolicy,
    });
    // 24th + 2 working days: skip Fri 25, Sat, Sun, Mon 28 (Boxing Day substitute) → Tue 29, Wed 30.
    assert.deepEqual(timersOf(decision), [{ timer: 'review_deadline', dueAt: new Date('2026-12-30T10:00:00Z') }]);
  });

  test('timers follow any now and any shipped policy', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2032-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom(testPolicy, oddPolicy, ...Object.values(policies)),
        (at, policy) => {
          const ctx: DecisionContext = { now: at, policy };
          const plus = (ms: number) => new Date(at.getTime() + ms);
          const one = (snapshot: CaseSnapshot, command: CaseCommand) => {
            const timers = timersOf(decide(snapshot, command, ctx));
            assert.equal(timers.length, 1);
            return timers[0]!;
          };
          assert.deepEqual(
            one(snapshotIn('eligibility'), commands.eligibility_passed).dueAt,
            plus(policy.coolingOffHours * HOUR),
          );
          assert.deepEqual(
            one(snapshotIn('in_review'), commands.request_info).dueAt,
            plus(policy.needsInfoExpiryDays * DAY),
          );
          assert.deepEqual(
            one(snapshotIn('in_review', { cardReturnRequired: true }), commands.approve).dueAt,
            plus(policy.cardReturn.deadlineDays * DAY),
          );
          assert.deepEqual(
            one(snapshotIn('executing'), { ...commands.execution_completed, quarantinedAt: at }).dueAt,
            plus(policy.agingDays * DAY),
          );
          const lineEndsOn = addCalendarDays(localDate(at, policy.timeZone), 30);
          const lineEnd = one(snapshotIn('in_review', { lineEndsOn }), commands.approve);
          assert.equal(lineEnd.timer, 'line_end');
          assert.deepEqual(lineEnd.dueAt, startOfLocalDate(lineEndsOn, policy.timeZone));
          assert.equal(localDate(lineEnd.dueAt, policy.timeZone), lineEndsOn, 'the timer falls on the end date');
          const review = one(snapshotIn('cooling_off'), commands.cooling_off_ended);
          assert.equal(review.timer, 'review_deadline');
          assert.ok(review.dueAt.getTime() > at.getTime(), 'the review deadline lies after now');
          assert.deepEqual(review.dueAt, addWorkingDays(at, policy.reviewSlaWorkingDays, policy));
        },
      ),
      { numRuns: 200 },
    );
  });

  test('notifications go out on the transitions that tell the holder something', () => {
    const cases: [CaseSnapshot, CaseCommand, NotificationTemplate][] = [
      [snapshotIn('draft'), commands.submit, 'receipt'],
      [snapshotIn('eligibility'), commands.eligibility_passed, 'cooling_off_started'],
      [snapshotIn('verifying'), commands.request_info, 'needs_info'],
      [snapshotIn('eligibility'), commands.request_info, 'needs_info'],
      [snapshotIn('in_review'), commands.request_info, 'needs_info'],
      [snapshotIn('verifying'), commands.identity_failed, 'rejected'],
      [snapshotIn('eligibility'), commands.eligibility_failed, 'rejected'],
      [snapshotIn('in_review'), commands.reject, 'rejected'],
      [snapshotIn('needs_info'), commands.info_expired, 'rejected'],
      [snapshotIn('awaiting_card_return'), commands.card_return_expired, 'rejected'],
      [
        snapshotIn('cooling_off', { reviewRoute: 'auto', cardReturnRequired: true }),
        commands.cooling_off_ended,
        'card_return_requested',
      ],
      [snapshotIn('executing'), commands.execution_completed, 'completed'],
      ...withdrawableStates.map((state): [CaseSnapshot, CaseCommand, NotificationTemplate] => [
        snapshotIn(state),
        commands.withdraw,
        'withdrawn',
      ]),
    ];
    for (const [snapshot, command, template] of cases) {
      const notifications = decide(snapshot, command, context).effects.filter((effect) => effect.type === 'notify');
      assert.deepEqual(notifications, [notify(template)], `${snapshot.state} + ${command.type}`);
    }
  });

  test('internal steps notify nobody', () => {
    const silent: [CaseSnapshot, CaseCommand][] = [
      [snapshotIn('submitted'), commands.start_verification],
      [snapshotIn('verifying'), commands.identity_verified],
      [snapshotIn('cooling_off', { reviewRoute: 'auto' }), commands.cooling_off_ended],
      [snapshotIn('cooling_off', { reviewRoute: 'manual' }), commands.cooling_off_ended],
      [snapshotIn('in_review'), commands.approve],
      [snapshotIn('in_review'), commands.review_deadline_passed],
      [snapshotIn('needs_info'), commands.provide_info],
      [snapshotIn('awaiting_card_return'), commands.card_received],
      [snapshotIn('in_review', { lineEndsOn: laterEnd }), commands.approve],
      [snapshotIn('awaiting_card_return', { lineEndsOn: laterEnd }), commands.card_received],
      [snapshotIn('scheduled'), commands.line_end_reached],
      [snapshotIn('executing'), commands.execution_failed],
      [snapshotIn('failed'), commands.retry_execution],
    ];
    for (const [snapshot, command] of silent) {
      const notifications = decide(snapshot, command, context).effects.filter((effect) => effect.type === 'notify');
      assert.deepEqual(notifications, [], `${snapshot.state} + ${command.type}`);
    }
  });
});

describe('properties', () => {
  const staffArb = fc.constantFrom('s1', 's2', 's3');
  const routeArb = fc.constantFrom<ReviewRoute>('auto', 'manual', 'second_approver');
  const reasonArb = fc.constantFrom<RejectionReason>(
    'identity_mismatch',
    'not_eligible',
    'info_not_provided',
    'card_not_returned',
    'suspected_fraud',
    'duplicate_request',
    'other',
  );
  const paramsArb = fc.record({
    staffId: staffArb,
    reviewRoute: routeArb,
    reason: reasonArb,
    withdrawal: fc.constantFrom('holder_request' as const, 'holder_disputed' as const),
  });
  type Params = typeof paramsArb extends fc.Arbitrary<infer P> ? P : never;

  function buildCommand(type: CommandType, p: Params): CaseCommand {
    switch (type) {
      case 'identity_failed':
      case 'eligibility_failed':
      case 'reject':
        return { type, reason: p.reason };
      case 'eligibility_passed':
        return { type, reviewRoute: p.reviewRoute };
      case 'approve':
        return { type, staffId: p.staffId };
      case 'request_info':
        return { type, message: 'Please send a copy of your ID.' };
      case 'execution_failed':
        return { type, reason: 'timeout' };
      case 'withdraw':
        return { type, reason: p.withdrawal };
      case 'reinstate':
        return { type, reason: 'cause_fixed' };
      case 'execution_completed':
      case 'bulk_deactivate':
        return { type, quarantinedAt: now };
      default:
        return { type };
    }
  }

  /** A command that reports a quarantine reports it as happening at the context's now. */
  const quarantinedNow = (command: CaseCommand, ctx: DecisionContext): CaseCommand =>
    'quarantinedAt' in command ? { ...command, quarantinedAt: ctx.now } : command;

  const commandArb: fc.Arbitrary<CaseCommand> = fc
    .tuple(fc.constantFrom(...commandTypes), paramsArb)
    .map(([type, params]) => buildCommand(type, params));

  /**
   * How a walk picks its next command, so that walks get deep into the lifecycle instead of ending in the
   * first withdrawal: `steer` 0 takes the arbitrary `command`; 1 any command the state accepts; 2–4 any
   * accepted command but `withdraw`; 5–9 the first accepted command in `commandTypes` order but `withdraw`
   * (roughly the way forward: verified before failed, approve before reject).
   */
  const steeredArb = fc.record({ command: commandArb, steer: fc.nat(9), pick: fc.nat(), params: paramsArb });
  type Steered = typeof steeredArb extends fc.Arbitrary<infer S> ? S : never;

  /** Days from the walk's today to the line's end date: begun already, today, or up to a year ahead. */
  const endOffsetArb = fc.integer({ min: -3, max: 400 });

  const contextArb = fc.record({
    now: fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2032-12-31T00:00:00Z'), noInvalidDate: true }),
    policy: fc.constantFrom(testPolicy, ...Object.values(policies)),
  });

  const executingEntries: [CaseState, CommandType][] = [
    ['cooling_off', 'cooling_off_ended'],
    ['in_review', 'approve'],
    ['awaiting_card_return', 'card_received'],
    ['scheduled', 'line_end_reached'],
    ['failed', 'retry_execution'],
  ];
  /** The same ways in lead to `scheduled` instead, while the line's end date has not begun. */
  const scheduledEntries = executingEntries.filter(([state]) => state !== 'failed');

  /** Accepted `state:command` pairs and refusals seen by the walks, to show the walks cover the table. */
  const covered = new Set<string>();

  /** Applies one command, checking every invariant; returns the next snapshot (the same one if refused). */
  function step(
    snapshot: CaseSnapshot,
    command: CaseCommand,
    ctx: DecisionContext,
    seen: Set<CaseState>,
  ): CaseSnapshot {
    const copy = structuredClone(snapshot);
    deepFreeze(snapshot);
    let decision: Decision;
    try {
      decision = decide(snapshot, command, ctx);
    } catch (error) {
      assert.ok(error instanceof SimexitError, `only SimexitErrors, got ${String(error)}`);
      if (error.code === 'ILLEGAL_TRANSITION') {
        assert.ok(!isLegal(snapshot.state, command.type), `${snapshot.state} + ${command.type} should be legal`);
        assert.equal(error.status, 409);
        assert.equal(error.details?.state, snapshot.state);
        assert.equal(error.details?.command, command.type);
      } else {
        assert.equal(error.code, 'SAME_APPROVER');
        assert.ok(command.type === 'approve' && snapshot.approvals.includes(command.staffId));
        covered.add('SAME_APPROVER');
      }
      assert.deepEqual(snapshot, copy, 'a refused command leaves the snapshot alone');
      return snapshot;
    }

    // Pure: the same input gives the same output, and the input is untouched (it is frozen, too).
    assert.deepEqual(decide(snapshot, command, ctx), decision);
    assert.deepEqual(snapshot, copy);

    assert.ok(isLegal(snapshot.state, command.type), `${snapshot.state} + ${command.type} should be illegal`);
    assert.equal(decision.from, snapshot.state);
    assert.ok(caseStates.includes(decision.to));
    assert.ok(!terminalStates.includes(snapshot.state), `${snapshot.state} is terminal but accepted ${command.type}`);

    // A case completes by its execution, or (a bulk run's line) by the run deactivating it after the grace period.
    if (decision.to === 'completed') {
      assert.ok(
        (snapshot.state === 'executing' && command.type === 'execution_completed') ||
          (snapshot.state === 'grace_period' && command.type === 'bulk_deactivate'),
        `completed from ${snapshot.state} via ${command.type}`,
      );
    }
    if (decision.to === 'executing') {
      assert.ok(
        executingEntries.some(([state, type]) => state === snapshot.state && type === command.type),
        `entered executing from ${snapshot.state} via ${command.type}`,
      );
      if (snapshot.state === 'cooling_off') assert.equal(snapshot.reviewRoute, 'auto');
      assert.ok(!seen.has('withdrawn'));
      // Never before the line's end date: execution waits for 00:00 of that date in the market's zone
      // (a failed execution retried had passed it already).
      if (snapshot.state !== 'failed' && snapshot.state !== 'executing') {
        assert.ok(startOfLocalDate(snapshot.lineEndsOn, ctx.policy.timeZone).getTime() <= ctx.now.getTime());
      }
    }
    if (decision.to === 'scheduled') {
      const endsAt = startOfLocalDate(snapshot.lineEndsOn, ctx.policy.timeZone);
      assert.ok(
        scheduledEntries.some(([state, type]) => state === snapshot.state && type === command.type),
        `entered scheduled from ${snapshot.state} via ${command.type}`,
      );
      assert.ok(endsAt.getTime() > ctx.now.getTime(), 'scheduled only while the end date lies ahead');
      assert.deepEqual(
        decision.effects.filter((effect) => effect.type === 'schedule_timer'),
        [timer('line_end', endsAt)],
        'the line_end timer at 00:00 of the end date',
      );
    }
    const enteringExecution = decision.to === 'executing' && snapshot.state !== 'executing';
    const starts = decision.effects.filter((effect) => effect.type === 'start_execution').length;
    assert.equal(starts, enteringExecution ? 1 : 0, 'start_execution exactly when entering executing');
    if (decision.to === 'awaiting_card_return') assert.ok(snapshot.cardReturnRequired);

    // Timers lie in the future, and a cancel never follows (and so never undoes) a timer just scheduled.
    const firstSchedule = decision.effects.findIndex((effect) => effect.type === 'schedule_timer');
    const lastCancel = decision.effects.findLastIndex((effect) => effect.type === 'cancel_timers');
    if (firstSchedule >= 0) assert.ok(lastCancel < firstSchedule);
    for (const effect of decision.effects) {
      if (effect.type === 'schedule_timer') assert.ok(effect.dueAt.getTime() > ctx.now.getTime(), effect.timer);
    }

    covered.add(`${snapshot.state}:${command.type}`);
    covered.add(`to:${decision.to}`);
    const next = apply(snapshot, decision);
    assert.ok(next.approvals.length <= 2, `approvals ${next.approvals.join(',')}`);
    assert.equal(new Set(next.approvals).size, next.approvals.length, 'no duplicate approvals');
    if (next.state === 'needs_info') assert.ok(next.resumeState !== null && next.resumeState !== 'needs_info');
    // The review clock runs in review and is paused (with what was left) while the subscriber is asked.
    if (next.state === 'in_review' && snapshot.state !== 'in_review') {
      assert.ok(next.reviewDueAt !== null && next.reviewRemainingMs === null, 'entering review starts the clock');
    }
    if (snapshot.state === 'in_review' && next.state === 'needs_info' && snapshot.reviewDueAt !== null) {
      assert.ok(next.reviewDueAt === null && next.reviewRemainingMs !== null && next.reviewRemainingMs >= 0);
    }
    return next;
  }

  /**
   * Walks a case from draft. `endOffsetDays` puts its end date that many days from the day of `ctx.now`
   * (negative: already begun, as for a prepaid line; positive: a contract's notice). Time stands still,
   * except that a steered walk's `line_end_reached` comes when the `line_end` timer would: at 00:00 of
   * the end date. An arbitrary one comes at the walk's now, however early.
   */
  function walk(
    cardReturnRequired: boolean,
    commandsToApply: CaseCommand[] | Steered[],
    startCtx: DecisionContext,
    endOffsetDays = 0,
  ): void {
    let ctx = startCtx;
    let snapshot: CaseSnapshot = {
      state: 'draft',
      resumeState: null,
      reviewRoute: null,
      approvals: [],
      cardReturnRequired,
      lineEndsOn: addCalendarDays(localDate(ctx.now, ctx.policy.timeZone), endOffsetDays),
      escalated: false,
      escalations: 0,
      reviewDueAt: null,
      reviewRemainingMs: null,
    };
    const seen = new Set<CaseState>(['draft']);
    let terminal: CaseState | null = null;
    for (const item of commandsToApply) {
      let command: CaseCommand;
      if ('type' in item) command = item;
      else {
        const allowed = commandTypes.filter((type) => isLegal(snapshot.state, type));
        const onward = allowed.filter((type) => type !== 'withdraw');
        const choices = item.steer === 1 || onward.length === 0 ? allowed : onward;
        const chosen = item.steer >= 5 ? choices[0] : choices[item.pick % Math.max(choices.length, 1)];
        command = item.steer > 0 && chosen !== undefined ? buildCommand(chosen, item.params) : item.command;
        if (command.type === 'line_end_reached' && snapshot.state === 'scheduled') {
          const due = startOfLocalDate(snapshot.lineEndsOn, ctx.policy.timeZone);
          if (due.getTime() > ctx.now.getTime()) ctx = { ...ctx, now: due };
        }
      }
      snapshot = step(snapshot, quarantinedNow(command, ctx), ctx, seen);
      assert.ok(caseStates.includes(snapshot.state));
      if (terminal !== null) assert.equal(snapshot.state, terminal, 'a terminal state never changes');
      if (terminalStates.includes(snapshot.state)) terminal = snapshot.state;
      if (snapshot.state === 'completed') assert.ok(seen.has('executing') || seen.has('grace_period'));
      // A bulk run's line never enters the intake journey, and an intake case never enters a grace period.
      if (seen.has('grace_period')) assert.ok(!seen.has('submitted'));
      seen.add(snapshot.state);
    }
  }

  test('random command sequences from draft keep every invariant', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.array(commandArb, { maxLength: 40, size: 'max' }),
        contextArb,
        endOffsetArb,
        (card, sequence, ctx, endOffset) => {
          walk(card, sequence, ctx, endOffset);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('mostly-legal command sequences from draft keep every invariant and take every transition', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.array(steeredArb, { maxLength: 40, size: 'max' }),
        contextArb,
        endOffsetArb,
        (card, sequence, ctx, endOffset) => {
          walk(card, sequence, ctx, endOffset);
        },
      ),
      { numRuns: 4000 },
    );
    for (const state of caseStates) {
      if (state !== 'draft') assert.ok(covered.has(`to:${state}`), `no walk reached ${state}`);
      for (const type of commandTypes) {
        if (isLegal(state, type)) assert.ok(covered.has(`${state}:${type}`), `no walk took ${type} in ${state}`);
      }
    }
    assert.ok(covered.has('SAME_APPROVER'), 'no walk tried the same approver twice');
  });

  test('any snapshot and any command: a decision from that state, or a refusal', () => {
    const snapshotArb: fc.Arbitrary<CaseSnapshot> = fc
      .record({
        state: fc.constantFrom(...caseStates),
        resumeState: fc.constantFrom<CaseState | null>(null, 'verifying', 'eligibility', 'in_review'),
        reviewRoute: fc.constantFrom<ReviewRoute | null>(null, 'auto', 'manual', 'second_approver'),
        approvals: fc.uniqueArray(staffArb, { maxLength: 1 }),
        cardReturnRequired: fc.boolean(),
        lineEndsOn: fc
          .date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2033-12-31T00:00:00Z'), noInvalidDate: true })
          .map((date) => date.toISOString().slice(0, 10)),
        escalated: fc.boolean(),
        escalations: fc.integer({ min: 0, max: 5 }),
        reviewDueAt: fc.option(
          fc.date({
            min: new Date('2024-01-01T00:00:00Z'),
            max: new Date('2033-12-31T00:00:00Z'),
            noInvalidDate: true,
          }),
        ),
        reviewRemainingMs: fc.option(fc.nat(10 * 24 * HOUR)),
      })
      .map((snapshot) => ({ ...snapshot, approvals: [...snapshot.approvals] }));
    fc.assert(
      fc.property(snapshotArb, commandArb, contextArb, (snapshot, command, ctx) => {
        step(snapshot, quarantinedNow(command, ctx), ctx, new Set());
      }),
      { numRuns: 1000 },
    );
  });
});
