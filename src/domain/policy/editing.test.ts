import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SimexitError } from '../errors.js';
import {
  applyPolicyChanges,
  changedPolicyFields,
  editableValues,
  policyLimit,
  weakenedSafeguards,
  withEditableValues,
  type PolicyChanges,
} from './editing.js';
import { policies } from './index.js';
import type { Market } from './types.js';

const fieldOf = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof SimexitError);
    assert.equal(error.code, 'VALIDATION_FAILED');
    return error.details?.field;
  }
  assert.fail('expected a validation error');
};

describe('editing market policies', () => {
  test('every shipped pack satisfies its own rules', () => {
    for (const policy of Object.values(policies)) {
      // Setting a field to its own value passes every range check and is refused only as an empty edit.
      assert.equal(
        fieldOf(() => applyPolicyChanges(policy, { coolingOffHours: policy.coolingOffHours })),
        'changes',
      );
    }
  });

  test('a change makes the next version and lists what changed', () => {
    const next = applyPolicyChanges(policies.UK, { coolingOffHours: 48, cardReturn: { deadlineDays: 21 } });
    assert.equal(next.version, 2);
    assert.equal(next.coolingOffHours, 48);
    assert.equal(next.cardReturn.address, policies.UK.cardReturn.address);
    assert.deepEqual(changedPolicyFields(policies.UK, next), ['coolingOffHours', 'cardReturn.deadlineDays']);
    assert.equal(policies.UK.coolingOffHours, 24, 'the shipped pack is untouched');
  });

  test('market floors and ceilings, each with a source', () => {
    const table: { market: Market; changes: PolicyChanges; field: string }[] = [
      { market: 'US', changes: { agingDays: 30 }, field: 'changes.agingDays' },
      { market: 'US', changes: { agingDays: 91 }, field: 'changes.agingDays' },
      { market: 'CN', changes: { agingDays: 60 }, field: 'changes.agingDays' },
      { market: 'DE', changes: { balance: { refundFeeMinor: 100 } }, field: 'changes.balance.refundFeeMinor' },
      { market: 'UK', changes: { coolingOffHours: -1 }, field: 'changes.coolingOffHours' },
      { market: 'UK', changes: { coolingOffHours: 1.5 }, field: 'changes.coolingOffHours' },
      { market: 'UK', changes: { reviewSlaWorkingDays: 0 }, field: 'changes.reviewSlaWorkingDays' },
      {
        market: 'UK',
        changes: { risk: { manualReviewSignals: ['recent_sim_swap'] } },
        field: 'changes.risk.manualReviewSignals',
      },
      {
        market: 'UK',
        changes: { risk: { secondApproverSignals: ['recent_sim_swap', 'recent_sim_swap'] } },
        field: 'changes.risk.secondApproverSignals',
      },
    ];
    for (const row of table) {
      assert.equal(
        fieldOf(() => applyPolicyChanges(policies[row.market], row.changes)),
        row.field,
        JSON.stringify(row),
      );
    }
    assert.equal(applyPolicyChanges(policies.US, { agingDays: 90 }).agingDays, 90);
    assert.equal(applyPolicyChanges(policies.UK, { coolingOffHours: 0 }).coolingOffHours, 0);
    assert.match(policyLimit('US', 'agingDays').source, /52\.15/);
  });
});

test('a stored version keeps only the dials; everything else follows the shipped pack of the release', () => {
  const values = editableValues(applyPolicyChanges(policies.UK, { coolingOffHours: 36 }));
  assert.deepEqual(Object.keys(values).sort(), [
    'agingDays',
    'balance',
    'cardReturn',
    'coolingOffHours',
    'reviewSlaWorkingDays',
    'risk',
  ]);
  // A later release corrects something an admin cannot edit (here: the time zone) …
  const corrected = { ...policies.UK, timeZone: 'Europe/Dublin' };
  const version2 = withEditableValues(corrected, values, 2);
  // … and version 2 runs under the correction with the admin's dial.
  assert.equal(version2.timeZone, 'Europe/Dublin');
  assert.equal(version2.coolingOffHours, 36);
  assert.equal(version2.version, 2);
  assert.deepEqual(version2.risk, policies.UK.risk);
});

describe('changes that weaken a safeguard', () => {
  const uk = policies.UK;
  const weakened = (changes: PolicyChanges) =>
    weakenedSafeguards(uk, applyPolicyChanges(uk, changes)).map((w) => [w.field, w.from, w.to]);

  test('a shorter cooling-off or quarantine weakens; a longer one does not', () => {
    assert.deepEqual(weakened({ coolingOffHours: 0 }), [['coolingOffHours', 24, 0]]);
    assert.deepEqual(weakened({ agingDays: 30 }), [['agingDays', 90, 30]]);
    assert.deepEqual(weakened({ coolingOffHours: 48, agingDays: 120 }), []);
  });

  test('a signal that needs fewer people than before weakens (two → one, one → none)', () => {
    assert.deepEqual(weakened({ risk: { secondApproverSignals: [] } }), [
      ['risk.secondApproverSignals', ['recent_sim_swap'], []],
    ]);
    const dropped = weakened({
      risk: { manualReviewSignals: ['recent_sim_swap', 'failed_verification_attempts', 'agent_override'] },
    });
    assert.deepEqual(dropped, [
      [
        'risk.manualReviewSignals',
        ['recent_sim_swap', 'recent_contact_change', 'failed_verification_attempts', 'agent_override'],
        ['recent_sim_swap', 'failed_verification_attempts', 'agent_override'],
      ],
    ]);
  });

  test('more signals, or a signal needing two people instead of one, strengthens', () => {
    assert.deepEqual(weakened({ risk: { secondApproverSignals: ['recent_sim_swap', 'recent_contact_change'] } }), []);
  });

  test('fees, the review SLA and the card-return deadline are not safeguards of this rule', () => {
    assert.deepEqual(
      weakened({ reviewSlaWorkingDays: 10, cardReturn: { deadlineDays: 30 }, balance: { refundFeeMinor: 0 } }),
      [],
    );
  });
});
