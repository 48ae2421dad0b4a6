import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SimexitError } from '../errors.js';
import { cnPolicy, dePolicy, isMarket, policies, policyFor, ukPolicy, usPolicy } from './index.js';
import { markets, riskSignals } from './types.js';

describe('policy registry', () => {
  test('every market has its policy, keyed by its own market', () => {
    for (const market of markets) {
      assert.equal(policyFor(market).market, market);
      assert.equal(policies[market], policyFor(market));
    }
    assert.deepEqual(Object.keys(policies).sort(), [...markets].sort());
  });

  test('isMarket narrows only the four markets', () => {
    for (const market of markets) assert.equal(isMarket(market), true);
    for (const value of ['GB', 'uk', '', 'FR', null, undefined, 1, {}]) assert.equal(isMarket(value), false);
  });

  test('policyFor refuses a value that is not a market', () => {
    assert.throws(
      () => policyFor('FR' as never),
      (error: unknown) => error instanceof SimexitError && error.code === 'INTERNAL',
    );
  });

  test('policies are deeply frozen', () => {
    assert.ok(Object.isFrozen(policies));
    assert.ok(Object.isFrozen(ukPolicy.balance));
    assert.ok(Object.isFrozen(ukPolicy.risk.secondApproverSignals));
    assert.throws(() => {
      (ukPolicy as { coolingOffHours: number }).coolingOffHours = 0;
    }, TypeError);
  });
});

describe('every policy is well-formed', () => {
  for (const policy of Object.values(policies)) {
    test(policy.market, () => {
      assert.equal(policy.version, 1);
      assert.ok(policy.sources.length > 0, 'sources are noted');
      assert.doesNotThrow(() => new Intl.DateTimeFormat('en', { timeZone: policy.timeZone }));
      assert.equal(policy.holidays.country, policy.country);
      for (const value of [
        policy.coolingOffHours,
        policy.reviewSlaWorkingDays,
        policy.termination.contractNotice.amount,
        policy.balance.refundWithinDays,
        policy.balance.minimumRefundMinor,
        policy.balance.refundFeeMinor,
        policy.cardReturn.deadlineDays,
        policy.cardReturn.mailingFeeMinor,
        policy.agingDays,
        policy.needsInfoExpiryDays,
        policy.risk.simSwapWindowHours,
        policy.risk.contactChangeWindowHours,
        policy.risk.failedVerificationThreshold,
      ]) {
        assert.ok(Number.isInteger(value) && value >= 0, `${value} is a non-negative integer`);
      }
      assert.ok(policy.reviewSlaWorkingDays > 0);
      assert.ok(policy.cardReturn.address.length > 10);
      // Every signal that needs a second approver must at least force a review.
      for (const signal of policy.risk.secondApproverSignals)
        assert.ok(policy.risk.manualReviewSignals.includes(signal));
      assert.deepEqual([...policy.risk.manualReviewSignals].sort(), [...riskSignals].sort());
      // Cancellation is free: only a mailing fee for card return may apply, and here it is zero.
      assert.equal(policy.cardReturn.mailingFeeMinor, 0);
    });
  }
});

describe('UK (Ofcom GC C7, operator decisions)', () => {
  test('identity of the market', () => {
    assert.deepEqual(
      [ukPolicy.country, ukPolicy.currency, ukPolicy.language, ukPolicy.timeZone],
      ['GB', 'GBP', 'en-GB', 'Europe/London'],
    );
    assert.deepEqual(ukPolicy.holidays, { country: 'GB', state: 'ENG' });
  });
  test('contracts end on 30 days’ notice (Ofcom GC C1: at most one month), without an ordinary/extraordinary choice', () => {
    assert.deepEqual(ukPolicy.termination, { contractNotice: { amount: 30, unit: 'day' }, asksTerminationKind: false });
    assert.ok(ukPolicy.sources.some((s) => s.includes('Ofcom General Condition C1')));
  });
  test('prepaid credit: transfer allowed, refund on request from £1 without fee, to the payment method in 30 days', () => {
    assert.deepEqual(ukPolicy.balance, {
      transferAllowed: true,
      refundRequired: true,
      minimumRefundMinor: 100,
      refundFeeMinor: 0,
      refundMethod: 'original_payment_method',
      refundWithinDays: 30,
    });
  });
  test('data-only cards are posted back within 14 days', () => {
    assert.deepEqual(ukPolicy.cardReturn.productTypes, ['data_only']);
    assert.equal(ukPolicy.cardReturn.deadlineDays, 14);
  });
  test('timings and risk', () => {
    assert.equal(ukPolicy.coolingOffHours, 24);
    assert.equal(ukPolicy.reviewSlaWorkingDays, 2);
    assert.equal(ukPolicy.agingDays, 90);
    assert.equal(ukPolicy.needsInfoExpiryDays, 14);
    assert.equal(ukPolicy.risk.simSwapWindowHours, 72);
    assert.equal(ukPolicy.risk.contactChangeWindowHours, 72);
    assert.equal(ukPolicy.risk.failedVerificationThreshold, 3);
    assert.deepEqual(ukPolicy.risk.secondApproverSignals, ['recent_sim_swap']);
  });
  test('early-termination charges apply', () => assert.equal(ukPolicy.earlyTermination.chargeApplies, true));
  test('cites Ofcom text-to-switch', () =>
    assert.ok(ukPolicy.sources.some((s) => s.includes('Ofcom General Condition C7'))));
});

describe('DE (BGB §312k, TKG §56)', () => {
  test('identity of the market', () => {
    assert.deepEqual(
      [dePolicy.country, dePolicy.currency, dePolicy.language, dePolicy.timeZone],
      ['DE', 'EUR', 'de-DE', 'Europe/Berlin'],
    );
    assert.deepEqual(dePolicy.holidays, { country: 'DE', state: 'BE' });
  });
  test('credit cannot be transferred but must be refunded, from the first cent, without fee', () => {
    assert.equal(dePolicy.balance.transferAllowed, false);
    assert.equal(dePolicy.balance.refundRequired, true);
    assert.equal(dePolicy.balance.minimumRefundMinor, 0);
    assert.equal(dePolicy.balance.refundFeeMinor, 0);
  });
  test('no card return', () => assert.deepEqual(dePolicy.cardReturn.productTypes, []));
  test('one month’s notice (TKG §56(3)), and the §312k confirmation page asks the kind of termination', () => {
    assert.deepEqual(dePolicy.termination, { contractNotice: { amount: 1, unit: 'month' }, asksTerminationKind: true });
    assert.ok(dePolicy.sources.some((s) => s.startsWith('TKG §56(3)')));
    assert.ok(dePolicy.sources.some((s) => s.startsWith('BGB §312k(2)')));
  });
  test('refunds by bank transfer within 14 days', () =>
    assert.deepEqual([dePolicy.balance.refundMethod, dePolicy.balance.refundWithinDays], ['bank_transfer', 14]));
  test('timings and risk', () => {
    assert.equal(dePolicy.coolingOffHours, 24);
    assert.equal(dePolicy.reviewSlaWorkingDays, 3);
    assert.equal(dePolicy.agingDays, 90);
    assert.deepEqual(dePolicy.risk.secondApproverSignals, ['recent_sim_swap', 'agent_override']);
  });
  test('cites the cancellation button and the telecoms act', () => {
    assert.ok(dePolicy.sources.some((s) => s.includes('BGB §312k')));
    assert.ok(dePolicy.sources.some((s) => s.includes('TKG §56')));
  });
});

describe('CN (MIIT real-name rules, 90-day cool-down)', () => {
  test('identity of the market', () => {
    assert.deepEqual(
      [cnPolicy.country, cnPolicy.currency, cnPolicy.language, cnPolicy.timeZone],
      ['CN', 'CNY', 'zh-CN', 'Asia/Shanghai'],
    );
    assert.deepEqual(cnPolicy.holidays, { country: 'CN' });
  });
  test('numbers cool down 90 days before reissue', () => assert.equal(cnPolicy.agingDays, 90));
  test('longer cooling-off against identity theft', () => assert.equal(cnPolicy.coolingOffHours, 48));
  test('physical SIM and data-only cards are returned within 30 days', () => {
    assert.deepEqual(cnPolicy.cardReturn.productTypes, ['sim', 'data_only']);
    assert.equal(cnPolicy.cardReturn.deadlineDays, 30);
  });
  test('credit may be transferred or refunded', () => {
    assert.equal(cnPolicy.balance.transferAllowed, true);
    assert.equal(cnPolicy.balance.refundRequired, true);
    assert.equal(cnPolicy.balance.minimumRefundMinor, 0);
  });
  test('second approver for SIM swaps and contact changes', () => {
    assert.deepEqual(cnPolicy.risk.secondApproverSignals, ['recent_sim_swap', 'recent_contact_change']);
    assert.equal(cnPolicy.reviewSlaWorkingDays, 3);
  });
  test('cites MIIT', () => assert.ok(cnPolicy.sources.some((s) => s.includes('MIIT'))));
});

describe('US (47 CFR §52.15, §64.1200(l))', () => {
  test('identity of the market', () => {
    assert.deepEqual(
      [usPolicy.country, usPolicy.currency, usPolicy.language, usPolicy.timeZone],
      ['US', 'USD', 'en-US', 'America/New_York'],
    );
    assert.deepEqual(usPolicy.holidays, { country: 'US' });
  });
  test('aging is within the FCC bounds for residential numbers: at least 45, at most 90 days', () => {
    assert.ok(usPolicy.agingDays >= 45 && usPolicy.agingDays <= 90);
    assert.equal(usPolicy.agingDays, 45);
  });
  test('no refund duty and no transfer', () => {
    assert.equal(usPolicy.balance.transferAllowed, false);
    assert.equal(usPolicy.balance.refundRequired, false);
  });
  test('no card return, early-termination charges apply', () => {
    assert.deepEqual(usPolicy.cardReturn.productTypes, []);
    assert.equal(usPolicy.earlyTermination.chargeApplies, true);
  });
  test('timings and risk', () => {
    assert.equal(usPolicy.coolingOffHours, 24);
    assert.equal(usPolicy.reviewSlaWorkingDays, 2);
    assert.deepEqual(usPolicy.risk.secondApproverSignals, ['recent_sim_swap']);
  });
  test('cites the FCC rules', () => {
    assert.ok(usPolicy.sources.some((s) => s.includes('§52.15(f)(1)(ii)')));
    assert.ok(usPolicy.sources.some((s) => s.includes('§64.1200(l)')));
  });
});
