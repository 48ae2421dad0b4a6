import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SimexitError } from './errors.js';
import type { LineFacts } from './line.js';
import { cnPolicy, dePolicy, ukPolicy, usPolicy } from './policy/index.js';
import { coolingOffEndsOn, decideEndDate, noticeEndsOn, terminationTerms } from './termination.js';

type Plan = Pick<LineFacts, 'contract' | 'prepaid'>;
const prepaid: Plan = { contract: null, prepaid: { creditMinor: 500, dataMb: 0 } };
const rolling: Plan = { contract: null, prepaid: null };
const term = (minimumTermEndsOn: string, earlyTerminationChargeMinor = 7996): Plan => ({
  contract: { minimumTermEndsOn, earlyTerminationChargeMinor },
  prepaid: null,
});
const at = (iso: string) => new Date(iso);

function assertCode(fn: () => unknown, code: string): void {
  assert.throws(fn, (error: unknown) => error instanceof SimexitError && error.code === code);
}

describe('noticeEndsOn (BGB §188(2)/(3) for months, calendar days otherwise)', () => {
  const cases: [from: string, notice: Parameters<typeof noticeEndsOn>[1], ends: string][] = [
    ['2026-12-02', { amount: 1, unit: 'month' }, '2027-01-02'],
    ['2027-01-31', { amount: 1, unit: 'month' }, '2027-02-28'],
    ['2028-01-31', { amount: 1, unit: 'month' }, '2028-02-29'],
    ['2026-11-30', { amount: 3, unit: 'month' }, '2027-02-28'],
    ['2026-12-02', { amount: 30, unit: 'day' }, '2027-01-01'],
    ['2026-12-02', { amount: 0, unit: 'day' }, '2026-12-02'],
  ];
  for (const [from, notice, ends] of cases) {
    test(`${from} + ${notice.amount} ${notice.unit} → ${ends}`, () => assert.equal(noticeEndsOn(from, notice), ends));
  }
  test('refuses a date that does not exist', () =>
    assertCode(() => noticeEndsOn('2026-02-30', { amount: 1, unit: 'month' }), 'INVALID_DATE'));
});

describe('terminationTerms: the earliest free end date per market', () => {
  test('DE, minimum term running past the notice: ends with the term (TKG §56, BGB §309 Nr. 9)', () => {
    assert.deepEqual(terminationTerms(term('2027-03-31'), dePolicy, '2026-12-02'), {
      basis: 'minimum_term',
      earliestFreeEndDate: '2027-03-31',
      minimumTermEndsOn: '2027-03-31',
      notice: { amount: 1, unit: 'month' },
      earlyExitChargeMinor: 7996,
    });
  });

  test('DE, minimum term ending inside the notice: the tacitly extended contract ends one month after receipt', () => {
    const terms = terminationTerms(term('2026-12-20'), dePolicy, '2026-12-02');
    assert.deepEqual([terms.basis, terms.earliestFreeEndDate], ['notice', '2027-01-02']);
    assert.equal(terms.earlyExitChargeMinor, 7996, 'the term still runs on the day of receipt');
  });

  test('DE, minimum term over (TKG §56(3)): any time on one month’s notice, no charge on offer', () => {
    const terms = terminationTerms(term('2026-06-30'), dePolicy, '2026-12-02');
    assert.deepEqual(
      [terms.basis, terms.earliestFreeEndDate, terms.minimumTermEndsOn, terms.earlyExitChargeMinor],
      ['notice', '2027-01-02', null, null],
    );
  });

  test('the minimum term’s last day counts as over', () => {
    assert.equal(terminationTerms(term('2026-12-02'), dePolicy, '2026-12-02').minimumTermEndsOn, null);
  });

  test('UK pay-monthly: 30 days’ notice (Ofcom GC C1: at most one month), never before the commitment ends', () => {
    assert.equal(terminationTerms(rolling, ukPolicy, '2026-12-02').earliestFreeEndDate, '2027-01-01');
    assert.equal(
      terminationTerms(term('2027-08-30', 13_500), ukPolicy, '2026-12-02').earliestFreeEndDate,
      '2027-08-30',
    );
  });

  test('CN and US term contracts end with the term, without further notice', () => {
    for (const policy of [cnPolicy, usPolicy]) {
      assert.equal(terminationTerms(term('2027-03-31'), policy, '2026-12-02').earliestFreeEndDate, '2027-03-31');
      assert.equal(terminationTerms(rolling, policy, '2026-12-02').earliestFreeEndDate, '2026-12-02');
    }
  });

  test('prepaid ends at once in every market: no notice, no term, no charge', () => {
    for (const policy of [ukPolicy, dePolicy, cnPolicy, usPolicy]) {
      assert.deepEqual(terminationTerms(prepaid, policy, '2026-12-02'), {
        basis: 'prepaid',
        earliestFreeEndDate: '2026-12-02',
        minimumTermEndsOn: null,
        notice: null,
        earlyExitChargeMinor: null,
      });
    }
  });

  test('no early exit where the market has no early-termination charges', () => {
    const noCharges = { ...dePolicy, earlyTermination: { chargeApplies: false } };
    assert.equal(terminationTerms(term('2027-03-31'), noCharges, '2026-12-02').earlyExitChargeMinor, null);
  });
});

describe('decideEndDate: ordinary by default, an early exit only when asked for', () => {
  // 2 December 2026, 10:00 in Berlin and 09:00 in London.
  const received = at('2026-12-02T09:00:00Z');

  test('the de-contract persona: ordinary cancellation ends on 31 March 2027 with no charge', () => {
    const end = decideEndDate(term('2027-03-31'), dePolicy, received, null);
    assert.deepEqual(
      [end.endsOn, end.earlyExit, end.chargeMinor, end.requestedTooEarly],
      ['2027-03-31', false, 0, false],
    );
  });

  test('asking for a date before the term ends is an early exit for the charge, on that date', () => {
    const end = decideEndDate(term('2027-03-31'), dePolicy, received, '2027-01-15');
    assert.deepEqual([end.endsOn, end.earlyExit, end.chargeMinor], ['2027-01-15', true, 7996]);
    assert.equal(end.ordinaryEndsOn, '2027-03-31', 'what the ordinary cancellation would have given');
  });

  test('a later date than the earliest free one is kept, free', () => {
    const end = decideEndDate(term('2027-03-31'), dePolicy, received, '2027-05-31');
    assert.deepEqual([end.endsOn, end.earlyExit, end.chargeMinor], ['2027-05-31', false, 0]);
  });

  test('a date inside the notice after the term has ended cannot be bought: the line ends with the notice', () => {
    const end = decideEndDate(term('2026-12-20'), dePolicy, received, '2026-12-28');
    assert.deepEqual([end.endsOn, end.earlyExit, end.requestedTooEarly], ['2027-01-02', false, true]);
  });

  test('nothing ends before cooling-off does, an early exit included (CN: 48 h)', () => {
    const end = decideEndDate(term('2027-03-31'), cnPolicy, at('2026-12-02T02:00:00Z'), '2026-12-02');
    assert.deepEqual([end.endsOn, end.earlyExit], ['2026-12-04', true]);
  });

  test('prepaid ends when cooling-off ends, in the market’s time zone', () => {
    // London 15:00 BST on Monday 8 June → Tuesday 9th; 23:30 BST → still the 9th.
    assert.equal(decideEndDate(prepaid, ukPolicy, at('2026-06-08T14:00:00Z'), null).endsOn, '2026-06-09');
    assert.equal(decideEndDate(prepaid, ukPolicy, at('2026-06-08T22:30:00Z'), null).endsOn, '2026-06-09');
    // Shanghai, 48 h: received 9 June 01:00 local → 11 June.
    assert.equal(decideEndDate(prepaid, cnPolicy, at('2026-06-08T17:00:00Z'), null).endsOn, '2026-06-11');
    // New York: received 8 June 22:00 EDT → 9 June.
    assert.equal(decideEndDate(prepaid, usPolicy, at('2026-06-09T02:00:00Z'), null).endsOn, '2026-06-09');
    assert.equal(decideEndDate(prepaid, cnPolicy, at('2026-06-08T17:00:00Z'), null).ordinaryEndsOn, '2026-06-11');
    assert.equal(coolingOffEndsOn(at('2026-06-08T14:00:00Z'), ukPolicy), '2026-06-09');
  });

  test('a prepaid date before today is not an error: the line ends as soon as it may', () => {
    const end = decideEndDate(prepaid, dePolicy, at('2026-06-08T14:00:00Z'), '2026-06-01');
    assert.deepEqual([end.endsOn, end.requestedTooEarly, end.earlyExit], ['2026-06-09', true, false]);
  });

  test('refuses a malformed requested date', () => {
    for (const bad of ['31.07.2026', '2026-02-30', '2026-7-31', '']) {
      assertCode(() => decideEndDate(rolling, ukPolicy, received, bad), 'INVALID_DATE');
    }
  });
});
