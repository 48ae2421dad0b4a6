import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cnPolicy, dePolicy, policies, ukPolicy, usPolicy } from './policy/index.js';
import type { MarketPolicy, RiskSignal } from './policy/types.js';
import { riskSignals } from './policy/types.js';
import {
  assessRisk,
  reviewRouteFor,
  riskEvidence,
  type ReviewInput,
  type RiskAssessment,
  type RiskInput,
} from './risk.js';
import { HOUR } from './time.js';

const now = new Date('2026-06-10T12:00:00Z');
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * HOUR);

const calm: RiskInput = {
  simChangedAt: null,
  contactChangedAt: null,
  failedVerificationAttempts: 0,
  agentOverride: false,
};

describe('signals', () => {
  test('a calm line has none and is approved automatically in every market', () => {
    for (const policy of Object.values(policies)) {
      assert.deepEqual(assessRisk(calm, policy, now), { signals: [], route: 'auto' });
    }
  });

  const windows: [name: string, input: (at: Date) => RiskInput, signal: RiskSignal, windowHours: number][] = [
    ['SIM change', (at) => ({ ...calm, simChangedAt: at }), 'recent_sim_swap', ukPolicy.risk.simSwapWindowHours],
    [
      'contact change',
      (at) => ({ ...calm, contactChangedAt: at }),
      'recent_contact_change',
      ukPolicy.risk.contactChangeWindowHours,
    ],
  ];
  for (const [name, input, signal, windowHours] of windows) {
    test(`${name}: inside the window, on its edge (inclusive), and just outside`, () => {
      assert.deepEqual(assessRisk(input(hoursAgo(1)), ukPolicy, now).signals, [signal]);
      assert.deepEqual(assessRisk(input(hoursAgo(windowHours)), ukPolicy, now).signals, [signal]);
      assert.deepEqual(assessRisk(input(new Date(hoursAgo(windowHours).getTime() - 1)), ukPolicy, now).signals, []);
      assert.deepEqual(assessRisk(input(now), ukPolicy, now).signals, [signal]);
    });
    test(`${name} stamped after now (clock skew) counts as recent`, () => {
      assert.deepEqual(assessRisk(input(new Date(now.getTime() + 5 * 60_000)), ukPolicy, now).signals, [signal]);
    });
  }

  test('windows come from the policy', () => {
    const shortWindows: MarketPolicy = {
      ...ukPolicy,
      risk: { ...ukPolicy.risk, simSwapWindowHours: 1, contactChangeWindowHours: 2 },
    };
    const input = { ...calm, simChangedAt: hoursAgo(1.5), contactChangedAt: hoursAgo(1.5) };
    assert.deepEqual(assessRisk(input, shortWindows, now).signals, ['recent_contact_change']);
  });

  test('failed verification attempts count from the threshold up', () => {
    const threshold = ukPolicy.risk.failedVerificationThreshold;
    assert.deepEqual(assessRisk({ ...calm, failedVerificationAttempts: threshold - 1 }, ukPolicy, now).signals, []);
    assert.deepEqual(assessRisk({ ...calm, failedVerificationAttempts: threshold }, ukPolicy, now).signals, [
      'failed_verification_attempts',
    ]);
    assert.deepEqual(assessRisk({ ...calm, failedVerificationAttempts: threshold + 10 }, ukPolicy, now).signals, [
      'failed_verification_attempts',
    ]);
  });

  test('an agent override is always a signal', () => {
    assert.deepEqual(assessRisk({ ...calm, agentOverride: true }, usPolicy, now).signals, ['agent_override']);
  });

  test('all signals together, in the canonical order', () => {
    const all: RiskInput = {
      simChangedAt: hoursAgo(2),
      contactChangedAt: hoursAgo(3),
      failedVerificationAttempts: 5,
      agentOverride: true,
    };
    assert.deepEqual(assessRisk(all, ukPolicy, now).signals, [...riskSignals]);
  });
});

describe('routes per market', () => {
  const single = (signal: RiskSignal): RiskInput => {
    switch (signal) {
      case 'recent_sim_swap':
        return { ...calm, simChangedAt: hoursAgo(1) };
      case 'recent_contact_change':
        return { ...calm, contactChangedAt: hoursAgo(1) };
      case 'failed_verification_attempts':
        return { ...calm, failedVerificationAttempts: 3 };
      case 'agent_override':
        return { ...calm, agentOverride: true };
    }
  };

  const expected: [policy: MarketPolicy, route: Record<RiskSignal, 'manual' | 'second_approver'>][] = [
    [
      ukPolicy,
      {
        recent_sim_swap: 'second_approver',
        recent_contact_change: 'manual',
        failed_verification_attempts: 'manual',
        agent_override: 'manual',
      },
    ],
    [
      dePolicy,
      {
        recent_sim_swap: 'second_approver',
        recent_contact_change: 'manual',
        failed_verification_attempts: 'manual',
        agent_override: 'second_approver',
      },
    ],
    [
      cnPolicy,
      {
        recent_sim_swap: 'second_approver',
        recent_contact_change: 'second_approver',
        failed_verification_attempts: 'manual',
        agent_override: 'manual',
      },
    ],
    [
      usPolicy,
      {
        recent_sim_swap: 'second_approver',
        recent_contact_change: 'manual',
        failed_verification_attempts: 'manual',
        agent_override: 'manual',
      },
    ],
  ];
  for (const [policy, routes] of expected) {
    for (const signal of riskSignals) {
      test(`${policy.market}: ${signal} → ${routes[signal]}`, () => {
        assert.deepEqual(assessRisk(single(signal), policy, now), { signals: [signal], route: routes[signal] });
      });
    }
  }

  test('a second-approver signal outranks manual ones', () => {
    const input = { ...calm, simChangedAt: hoursAgo(1), failedVerificationAttempts: 9 };
    assert.equal(assessRisk(input, ukPolicy, now).route, 'second_approver');
  });

  test('a signal the policy does not list leaves the case automatic', () => {
    const lenient: MarketPolicy = {
      ...ukPolicy,
      risk: { ...ukPolicy.risk, manualReviewSignals: ['agent_override'], secondApproverSignals: [] },
    };
    assert.deepEqual(assessRisk({ ...calm, failedVerificationAttempts: 3 }, lenient, now), {
      signals: ['failed_verification_attempts'],
      route: 'auto',
    });
    assert.equal(assessRisk({ ...calm, agentOverride: true }, lenient, now).route, 'manual');
  });

  test('second-approver signals apply even if the policy forgot to list them for manual review', () => {
    const odd: MarketPolicy = {
      ...ukPolicy,
      risk: { ...ukPolicy.risk, manualReviewSignals: [], secondApproverSignals: ['recent_contact_change'] },
    };
    assert.equal(assessRisk({ ...calm, contactChangedAt: hoursAgo(1) }, odd, now).route, 'second_approver');
  });

  test('property: route is auto exactly when no signal is listed by the policy', () => {
    const input = fc.record({
      simChangedAt: fc.option(fc.integer({ min: -10, max: 200 }).map(hoursAgo)),
      contactChangedAt: fc.option(fc.integer({ min: -10, max: 200 }).map(hoursAgo)),
      failedVerificationAttempts: fc.nat(10),
      agentOverride: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.constantFrom(ukPolicy, dePolicy, cnPolicy, usPolicy), input, (policy, risk) => {
        const { signals, route } = assessRisk(risk, policy, now);
        const listed = signals.some(
          (signal) =>
            policy.risk.manualReviewSignals.includes(signal) || policy.risk.secondApproverSignals.includes(signal),
        );
        return (route === 'auto') === !listed;
      }),
    );
  });
});

describe('evidence for the reviewer', () => {
  test('each signal carries when it happened, the window or threshold it was measured against', () => {
    const input: RiskInput = {
      simChangedAt: hoursAgo(5),
      contactChangedAt: hoursAgo(30),
      failedVerificationAttempts: 4,
      agentOverride: true,
    };
    const { signals } = assessRisk(input, ukPolicy, now);
    assert.deepEqual(riskEvidence(input, signals, ukPolicy, 7), [
      {
        signal: 'recent_sim_swap',
        changedAt: hoursAgo(5).toISOString(),
        windowHours: ukPolicy.risk.simSwapWindowHours,
      },
      {
        signal: 'recent_contact_change',
        changedAt: hoursAgo(30).toISOString(),
        windowHours: ukPolicy.risk.contactChangeWindowHours,
      },
      {
        signal: 'failed_verification_attempts',
        attempts: 4,
        threshold: ukPolicy.risk.failedVerificationThreshold,
        withinDays: 7,
      },
      { signal: 'agent_override' },
    ]);
  });

  test('no signal, no evidence', () => {
    assert.deepEqual(riskEvidence(calm, assessRisk(calm, ukPolicy, now).signals, ukPolicy, 7), []);
  });
});

describe('reviewRouteFor: every route to review', () => {
  const auto: RiskAssessment = { signals: [], route: 'auto' };
  const answered: Extract<ReviewInput, { checks: 'answered' }> = {
    checks: 'answered',
    risk: auto,
    channel: 'online',
    evidence: undefined,
    terminationKind: null,
  };

  test('checks that stayed unavailable go to a person', () => {
    assert.deepEqual(reviewRouteFor({ checks: 'unavailable' }), {
      route: 'manual',
      reasons: ['automatic_checks_unavailable'],
    });
  });

  test('a clean online case is approved automatically; the risk route stands when nothing else applies', () => {
    assert.deepEqual(reviewRouteFor(answered), { route: 'auto', reasons: [] });
    const risky: RiskAssessment = { signals: ['recent_sim_swap'], route: 'second_approver' };
    assert.deepEqual(reviewRouteFor({ ...answered, risk: risky }), { route: 'second_approver', reasons: [] });
  });

  test('the channel, the evidence and an extraordinary termination each make it at least manual', () => {
    assert.deepEqual(reviewRouteFor({ ...answered, channel: 'mail' }), { route: 'manual', reasons: ['channel_mail'] });
    assert.deepEqual(reviewRouteFor({ ...answered, evidence: 'insufficient' }).reasons, ['insufficient_evidence']);
    assert.deepEqual(reviewRouteFor({ ...answered, evidence: 'mismatch' }).reasons, ['letter_mismatch']);
    assert.deepEqual(reviewRouteFor({ ...answered, terminationKind: 'extraordinary' }), {
      route: 'manual',
      reasons: ['extraordinary_termination'],
    });
    // Never less strict than the signals asked for.
    const second: RiskAssessment = { signals: ['agent_override'], route: 'second_approver' };
    assert.equal(reviewRouteFor({ ...answered, risk: second, channel: 'mail' }).route, 'second_approver');
  });
});
