import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SimexitError } from './errors.js';
import {
  evaluateEligibility,
  requiresCardReturn,
  type CancellationRequestFacts,
  type Checklist,
  type ChecklistItem,
  type TransferTargetFacts,
} from './eligibility.js';
import { noDecisions, type CancellationDecisions, type LineFacts } from './line.js';
import { cnPolicy, dePolicy, policies, ukPolicy, usPolicy } from './policy/index.js';
import { productTypes, type MarketPolicy } from './policy/types.js';

const today = '2026-06-10';
/** A prepaid line of ours in the UK: a transfer target that can take credit. */
const prepaidTarget: TransferTargetFacts = {
  msisdn: '+447700900124',
  market: 'UK',
  status: 'active',
  holdsCredit: true,
};

/** A request received on `today` at 10:00 London time. */
function request(overrides: Partial<CancellationRequestFacts> = {}): CancellationRequestFacts {
  return {
    receivedAt: new Date(`${today}T09:00:00Z`),
    requestedEndDate: null,
    transferTarget: prepaidTarget,
    ...overrides,
  };
}

function line(overrides: Partial<LineFacts> = {}): LineFacts {
  return {
    msisdn: '+447700900123',
    iccid: '89441000000000010100',
    productType: 'sim',
    market: 'UK',
    subscriberId: 'sub-1',
    debtMinor: 0,
    paymentArrangement: false,
    contract: null,
    prepaid: null,
    boundServices: [],
    ...overrides,
  };
}

function decide(overrides: Partial<CancellationDecisions> = {}): CancellationDecisions {
  return { ...noDecisions, ...overrides };
}

function itemsOf<K extends ChecklistItem['kind']>(
  checklist: Checklist,
  kind: K,
): Extract<ChecklistItem, { kind: K }>[] {
  return checklist.items.filter((item): item is Extract<ChecklistItem, { kind: K }> => item.kind === kind);
}

function only<K extends ChecklistItem['kind']>(checklist: Checklist, kind: K): Extract<ChecklistItem, { kind: K }> {
  const found = itemsOf(checklist, kind);
  assert.equal(found.length, 1, `exactly one ${kind} item`);
  return found[0]!;
}

function assertCode(fn: () => unknown, code: string, details?: Record<string, unknown>): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof SimexitError);
    assert.equal(error.code, code);
    if (details) assert.deepEqual(error.details, details);
    return true;
  });
}

const reminders = [
  { kind: 'reminder', status: 'info', code: 'backup_contacts' },
  { kind: 'reminder', status: 'info', code: 'keep_card_until_confirmation' },
  { kind: 'reminder', status: 'info', code: 'official_channels_only' },
];

describe('a clean line', () => {
  test('is eligible with its end date and the reminders', () => {
    const checklist = evaluateEligibility(line(), ukPolicy, noDecisions, request());
    assert.deepEqual(checklist, {
      eligible: true,
      items: [
        {
          kind: 'contract_end',
          status: 'info',
          basis: 'notice',
          earliestFreeEndDate: '2026-07-10',
          endsOn: '2026-07-10',
          ordinaryEndsOn: '2026-07-10',
          requestedEndDate: null,
          requestedTooEarly: false,
          minimumTermEndsOn: null,
          notice: { amount: 30, unit: 'day' },
          earlyExitChargeMinor: null,
          currency: 'GBP',
        },
        ...reminders,
      ],
      outstanding: [],
    });
  });

  test('reminders come in every market and every case', () => {
    for (const policy of Object.values(policies)) {
      const checklist = evaluateEligibility(line({ debtMinor: 100 }), policy, noDecisions, request());
      assert.deepEqual(itemsOf(checklist, 'reminder'), reminders);
    }
  });
});

describe('debt', () => {
  test('blocks without a payment arrangement, in the market currency', () => {
    const checklist = evaluateEligibility(line({ debtMinor: 4820 }), ukPolicy, noDecisions, request());
    assert.deepEqual(only(checklist, 'debt'), {
      kind: 'debt',
      status: 'blocking',
      amountMinor: 4820,
      currency: 'GBP',
      paymentArrangement: false,
      paymentUrl: ukPolicy.debtPayment.url,
    });
    assert.equal(checklist.eligible, false);
    assert.deepEqual(checklist.outstanding, [only(checklist, 'debt')]);
  });

  test('is resolved by a recorded payment arrangement', () => {
    const checklist = evaluateEligibility(
      line({ debtMinor: 4820, paymentArrangement: true }),
      dePolicy,
      noDecisions,
      request(),
    );
    assert.equal(only(checklist, 'debt').status, 'resolved');
    assert.equal(only(checklist, 'debt').currency, 'EUR');
    assert.equal(checklist.eligible, true);
  });

  test('no decision the holder sends can clear it', () => {
    const everything = decide({
      acceptEarlyTerminationCharge: true,
      balance: { option: 'forfeit' },
      acknowledgedServiceIds: ['debt', 'x'],
    });
    const checklist = evaluateEligibility(line({ debtMinor: 1 }), ukPolicy, everything, request());
    assert.equal(only(checklist, 'debt').status, 'blocking');
    assert.equal(checklist.eligible, false);
  });

  test('no debt, no item (an arrangement without debt is irrelevant)', () => {
    const checklist = evaluateEligibility(line({ paymentArrangement: true }), ukPolicy, noDecisions, request());
    assert.deepEqual(itemsOf(checklist, 'debt'), []);
  });
});

describe('end date and early-termination charge', () => {
  const running = { minimumTermEndsOn: '2026-12-31', earlyTerminationChargeMinor: 12_000 };
  const endOf = (checklist: Checklist) => only(checklist, 'contract_end');

  test('an ordinary cancellation during the minimum term ends with it, free: no charge to accept', () => {
    const checklist = evaluateEligibility(line({ contract: running }), ukPolicy, noDecisions, request());
    assert.deepEqual(itemsOf(checklist, 'early_termination_charge'), []);
    assert.equal(checklist.eligible, true);
    assert.equal(endOf(checklist).endsOn, '2026-12-31');
    assert.equal(endOf(checklist).basis, 'minimum_term');
    assert.equal(endOf(checklist).earlyExitChargeMinor, 12_000, 'what an earlier date would cost is known');
  });

  test('asking for a date before the minimum term ends adds the charge, which must be accepted', () => {
    const early = request({ requestedEndDate: '2026-08-01' });
    const checklist = evaluateEligibility(line({ contract: running }), ukPolicy, noDecisions, early);
    assert.deepEqual(only(checklist, 'early_termination_charge'), {
      kind: 'early_termination_charge',
      status: 'requires_acceptance',
      amountMinor: 12_000,
      currency: 'GBP',
      minimumTermEndsOn: '2026-12-31',
      endsOn: '2026-08-01',
    });
    assert.equal(endOf(checklist).endsOn, '2026-08-01');
    assert.equal(checklist.eligible, false);
  });

  test('the charge is accepted by the decision', () => {
    const checklist = evaluateEligibility(
      line({ contract: running }),
      usPolicy,
      decide({ acceptEarlyTerminationCharge: true }),
      request({ requestedEndDate: '2026-08-01' }),
    );
    assert.equal(only(checklist, 'early_termination_charge').status, 'accepted');
    assert.equal(only(checklist, 'early_termination_charge').currency, 'USD');
    assert.equal(checklist.eligible, true);
  });

  const noCharge: [why: string, contract: LineFacts['contract'], policy: MarketPolicy][] = [
    ['term ends today', { minimumTermEndsOn: today, earlyTerminationChargeMinor: 12_000 }, ukPolicy],
    ['term ended', { minimumTermEndsOn: '2026-06-09', earlyTerminationChargeMinor: 12_000 }, ukPolicy],
    ['charge is zero', { minimumTermEndsOn: '2026-12-31', earlyTerminationChargeMinor: 0 }, ukPolicy],
    ['market has no charges', running, { ...ukPolicy, earlyTermination: { chargeApplies: false } }],
    ['no contract', null, ukPolicy],
  ];
  for (const [why, contract, policy] of noCharge) {
    test(`no charge for an early date when ${why}: the line ends on its earliest free date`, () => {
      const checklist = evaluateEligibility(
        line({ contract }),
        policy,
        noDecisions,
        request({ requestedEndDate: '2026-06-20' }),
      );
      assert.deepEqual(itemsOf(checklist, 'early_termination_charge'), []);
      assert.equal(checklist.eligible, true);
      assert.equal(endOf(checklist).requestedTooEarly, true);
      assert.equal(endOf(checklist).endsOn, endOf(checklist).earliestFreeEndDate);
    });
  }

  test('a prepaid line has no notice and no charge; it ends when cooling-off does', () => {
    const checklist = evaluateEligibility(
      line({ prepaid: { creditMinor: 0, dataMb: 0 } }),
      dePolicy,
      noDecisions,
      request(),
    );
    assert.deepEqual(
      [endOf(checklist).basis, endOf(checklist).notice, endOf(checklist).endsOn],
      ['prepaid', null, '2026-06-11'],
    );
  });

  test('accepting a charge that does not apply is harmless', () => {
    const checklist = evaluateEligibility(line(), ukPolicy, decide({ acceptEarlyTerminationCharge: true }), request());
    assert.equal(checklist.eligible, true);
  });

  test('a malformed minimum-term or requested date is INVALID_DATE', () => {
    assertCode(
      () =>
        evaluateEligibility(
          line({ contract: { minimumTermEndsOn: '31/12/2026', earlyTerminationChargeMinor: 1 } }),
          ukPolicy,
          noDecisions,
          request(),
        ),
      'INVALID_DATE',
    );
    assertCode(
      () => evaluateEligibility(line(), ukPolicy, noDecisions, request({ requestedEndDate: '2026-02-30' })),
      'INVALID_DATE',
    );
  });
});

describe('prepaid balance', () => {
  const options: [
    policy: MarketPolicy,
    creditMinor: number,
    dataMb: number,
    expected: string[],
    refundMinor: number | null,
  ][] = [
    // UK: transfer allowed, refund required from £1.
    [ukPolicy, 1250, 3072, ['transfer', 'refund', 'forfeit'], 1250],
    [ukPolicy, 100, 0, ['transfer', 'refund', 'forfeit'], 100],
    [ukPolicy, 99, 0, ['transfer', 'forfeit'], null],
    [ukPolicy, 0, 500, ['transfer', 'forfeit'], null],
    // DE: no transfer, refund of any amount.
    [dePolicy, 1, 0, ['refund', 'forfeit'], 1],
    [dePolicy, 0, 1024, ['forfeit'], null],
    // CN: transfer and refund.
    [cnPolicy, 5000, 0, ['transfer', 'refund', 'forfeit'], 5000],
    [cnPolicy, 0, 10, ['transfer', 'forfeit'], null],
    // US: neither transfer nor refund.
    [usPolicy, 2500, 100, ['forfeit'], null],
  ];
  for (const [policy, creditMinor, dataMb, expected, refundMinor] of options) {
    test(`${policy.market} credit ${creditMinor}, data ${dataMb} MB → ${expected.join('/')}`, () => {
      const checklist = evaluateEligibility(line({ prepaid: { creditMinor, dataMb } }), policy, noDecisions, request());
      assert.deepEqual(only(checklist, 'balance'), {
        kind: 'balance',
        status: 'requires_decision',
        creditMinor,
        dataMb,
        currency: policy.currency,
        options: expected,
        chosen: null,
        refundMinor,
        // Prepaid: the line ends when cooling-off does (UK/DE 24 h, CN 48 h), the refund follows within
        // the market's days (UK and CN 30, DE 14).
        refund:
          refundMinor === null
            ? null
            : {
                method: policy.balance.refundMethod,
                expectedBy: { UK: '2026-07-11', DE: '2026-06-25', CN: '2026-07-12', US: 'never offered' }[
                  policy.market
                ],
              },
        transferTo: null,
      });
      assert.equal(checklist.eligible, false);
    });
  }

  test('refund fee is deducted; a fee that swallows the credit removes the refund option', () => {
    const withFee: MarketPolicy = { ...ukPolicy, balance: { ...ukPolicy.balance, refundFeeMinor: 150 } };
    const some = evaluateEligibility(
      line({ prepaid: { creditMinor: 1000, dataMb: 0 } }),
      withFee,
      noDecisions,
      request(),
    );
    assert.equal(only(some, 'balance').refundMinor, 850);
    const swallowed = evaluateEligibility(
      line({ prepaid: { creditMinor: 150, dataMb: 0 } }),
      withFee,
      noDecisions,
      request(),
    );
    assert.deepEqual(only(swallowed, 'balance').options, ['transfer', 'forfeit']);
    assert.equal(only(swallowed, 'balance').refundMinor, null);
  });

  test('no balance item for post-paid lines or an empty prepaid balance', () => {
    for (const prepaid of [null, { creditMinor: 0, dataMb: 0 }]) {
      const checklist = evaluateEligibility(line({ prepaid }), ukPolicy, noDecisions, request());
      assert.deepEqual(itemsOf(checklist, 'balance'), []);
    }
  });

  test('a balance decision for a line without balance is ignored', () => {
    const checklist = evaluateEligibility(line(), usPolicy, decide({ balance: { option: 'refund' } }), request());
    assert.equal(checklist.eligible, true);
  });

  const chosen: [policy: MarketPolicy, decision: NonNullable<CancellationDecisions['balance']>][] = [
    [ukPolicy, { option: 'transfer', toMsisdn: '+447700900124' }],
    [ukPolicy, { option: 'refund' }],
    [ukPolicy, { option: 'forfeit' }],
    [dePolicy, { option: 'refund' }],
    [cnPolicy, { option: 'transfer', toMsisdn: '+86 138 0013 8001' }],
    [usPolicy, { option: 'forfeit' }],
  ];
  for (const [policy, decision] of chosen) {
    test(`${policy.market}: choosing ${decision.option} decides the balance`, () => {
      const checklist = evaluateEligibility(
        line({ msisdn: '+8613800138000', prepaid: { creditMinor: 1250, dataMb: 10 } }),
        policy,
        decide({ balance: decision }),
        request(),
      );
      const item = only(checklist, 'balance');
      assert.equal(item.status, 'decided');
      // The target as E.164, however it was typed.
      const expectedTarget = { '+447700900124': '+447700900124', '+86 138 0013 8001': '+8613800138001' };
      assert.equal(
        item.transferTo,
        decision.option === 'transfer' ? expectedTarget[decision.toMsisdn as keyof typeof expectedTarget] : null,
      );
      assert.equal(item.chosen, decision.option);
      assert.equal(checklist.eligible, true);
    });
  }

  const notAllowed: [
    policy: MarketPolicy,
    decision: NonNullable<CancellationDecisions['balance']>,
    allowed: string[],
  ][] = [
    [dePolicy, { option: 'transfer', toMsisdn: '+4915112345602' }, ['refund', 'forfeit']],
    [usPolicy, { option: 'refund' }, ['forfeit']],
    [usPolicy, { option: 'transfer', toMsisdn: '+12015550124' }, ['forfeit']],
    [ukPolicy, { option: 'refund' }, ['transfer', 'forfeit']], // credit below the £1 minimum
  ];
  for (const [policy, decision, allowed] of notAllowed) {
    test(`${policy.market}: ${decision.option} is refused with the allowed options`, () => {
      assertCode(
        () =>
          evaluateEligibility(
            line({ prepaid: { creditMinor: 50, dataMb: 0 } }),
            policy,
            decide({ balance: decision }),
            request(),
          ),
        'BALANCE_OPTION_NOT_ALLOWED',
        { allowed },
      );
    });
  }

  test('data only cannot be refunded', () => {
    assertCode(
      () =>
        evaluateEligibility(
          line({ prepaid: { creditMinor: 0, dataMb: 500 } }),
          dePolicy,
          decide({ balance: { option: 'refund' } }),
          request(),
        ),
      'BALANCE_OPTION_NOT_ALLOWED',
      { allowed: ['forfeit'] },
    );
  });

  test('a transfer to the line itself is refused, however it is written', () => {
    for (const toMsisdn of ['+447700900123', '+44 7700 900123', '0044 (7700) 900-123']) {
      assertCode(
        () =>
          evaluateEligibility(
            line({ prepaid: { creditMinor: 500, dataMb: 0 } }),
            ukPolicy,
            decide({ balance: { option: 'transfer', toMsisdn } }),
            request(),
          ),
        'VALIDATION_FAILED',
        { field: 'decisions.balance.toMsisdn', reason: 'same_line' },
      );
    }
  });

  const refusedTargets: [why: string, target: TransferTargetFacts | null, reason: string][] = [
    ['no such line', null, 'not_our_active_line'],
    ['a closed line', { ...prepaidTarget, status: 'closed' }, 'not_our_active_line'],
    ['a line in another market', { ...prepaidTarget, market: 'DE' }, 'not_our_active_line'],
    ['a post-paid line, which cannot hold credit', { ...prepaidTarget, holdsCredit: false }, 'cannot_hold_credit'],
  ];
  for (const [why, transferTarget, reason] of refusedTargets) {
    test(`a transfer to ${why} is refused (the one check preview and submission share)`, () => {
      assertCode(
        () =>
          evaluateEligibility(
            line({ prepaid: { creditMinor: 500, dataMb: 0 } }),
            ukPolicy,
            decide({ balance: { option: 'transfer', toMsisdn: '+447700900124' } }),
            request({ transferTarget }),
          ),
        'VALIDATION_FAILED',
        { field: 'decisions.balance.toMsisdn', reason },
      );
    });
  }

  test('a malformed transfer target is INVALID_MSISDN', () => {
    assertCode(
      () =>
        evaluateEligibility(
          line({ prepaid: { creditMinor: 500, dataMb: 0 } }),
          ukPolicy,
          decide({ balance: { option: 'transfer', toMsisdn: 'my other phone' } }),
          request(),
        ),
      'INVALID_MSISDN',
    );
  });
});

describe('bound services', () => {
  const services: LineFacts['boundServices'] = [
    { id: 'svc-bank', kind: 'bank', name: 'Northwind Bank login' },
    { id: 'svc-instalment', kind: 'device_instalment', name: 'Phone instalment plan' },
  ];

  test('each requires acknowledgement', () => {
    const checklist = evaluateEligibility(line({ boundServices: services }), ukPolicy, noDecisions, request());
    assert.deepEqual(itemsOf(checklist, 'bound_service'), [
      {
        kind: 'bound_service',
        status: 'requires_acknowledgement',
        serviceId: 'svc-bank',
        serviceKind: 'bank',
        name: 'Northwind Bank login',
      },
      {
        kind: 'bound_service',
        status: 'requires_acknowledgement',
        serviceId: 'svc-instalment',
        serviceKind: 'device_instalment',
        name: 'Phone instalment plan',
      },
    ]);
    assert.equal(checklist.outstanding.length, 2);
  });

  test('acknowledging some leaves the others outstanding; unknown ids are ignored', () => {
    const checklist = evaluateEligibility(
      line({ boundServices: services }),
      ukPolicy,
      decide({ acknowledgedServiceIds: ['svc-bank', 'svc-unknown'] }),
      request(),
    );
    assert.deepEqual(
      itemsOf(checklist, 'bound_service').map((item) => item.status),
      ['acknowledged', 'requires_acknowledgement'],
    );
    assert.equal(checklist.eligible, false);
  });

  test('acknowledging all makes the line eligible', () => {
    const checklist = evaluateEligibility(
      line({ boundServices: services }),
      ukPolicy,
      decide({ acknowledgedServiceIds: ['svc-instalment', 'svc-bank'] }),
      request(),
    );
    assert.equal(checklist.eligible, true);
  });
});

describe('card return', () => {
  const expected: [policy: MarketPolicy, productType: LineFacts['productType'], required: boolean][] = [
    [ukPolicy, 'data_only', true],
    [ukPolicy, 'sim', false],
    [ukPolicy, 'esim', false],
    [cnPolicy, 'sim', true],
    [cnPolicy, 'data_only', true],
    [cnPolicy, 'esim', false],
    [dePolicy, 'sim', false],
    [dePolicy, 'data_only', false],
    [usPolicy, 'sim', false],
  ];
  for (const [policy, productType, required] of expected) {
    test(`${policy.market} ${productType}: ${required ? 'posted back' : 'kept'}`, () => {
      assert.equal(requiresCardReturn(productType, policy), required);
      const checklist = evaluateEligibility(line({ productType }), policy, noDecisions, request());
      assert.equal(itemsOf(checklist, 'card_return').length, required ? 1 : 0);
      assert.equal(checklist.eligible, true, 'card return is information, not a blocker');
    });
  }

  test('shows deadline, fee and address up-front', () => {
    const checklist = evaluateEligibility(line({ productType: 'sim' }), cnPolicy, noDecisions, request());
    assert.deepEqual(only(checklist, 'card_return'), {
      kind: 'card_return',
      status: 'info',
      deadlineDays: 30,
      mailingFeeMinor: 0,
      currency: 'CNY',
      address: cnPolicy.cardReturn.address,
    });
  });

  test('requiresCardReturn agrees with the policy for every product type', () => {
    for (const policy of Object.values(policies)) {
      for (const productType of productTypes) {
        assert.equal(requiresCardReturn(productType, policy), policy.cardReturn.productTypes.includes(productType));
      }
    }
  });
});

describe('combinations', () => {
  const everything: LineFacts = line({
    productType: 'data_only',
    debtMinor: 2000,
    contract: { minimumTermEndsOn: '2027-01-31', earlyTerminationChargeMinor: 9000 },
    prepaid: { creditMinor: 700, dataMb: 2048 },
    boundServices: [{ id: 'svc-pay', kind: 'payment', name: 'Wallet' }],
  });

  test('items come in a stable order and outstanding lists the blockers', () => {
    const checklist = evaluateEligibility(
      everything,
      ukPolicy,
      noDecisions,
      request({ requestedEndDate: '2026-07-31' }),
    );
    assert.deepEqual(
      checklist.items.map((item) => item.kind),
      [
        'debt',
        'contract_end',
        'early_termination_charge',
        'balance',
        'bound_service',
        'card_return',
        'reminder',
        'reminder',
        'reminder',
      ],
    );
    assert.deepEqual(
      checklist.outstanding.map((item) => item.kind),
      ['debt', 'early_termination_charge', 'balance', 'bound_service'],
    );
  });

  test('all decisions but the debt still block on the debt alone', () => {
    const decisions = decide({
      acceptEarlyTerminationCharge: true,
      balance: { option: 'refund' },
      acknowledgedServiceIds: ['svc-pay'],
    });
    const blocked = evaluateEligibility(everything, ukPolicy, decisions, request());
    assert.deepEqual(
      blocked.outstanding.map((item) => item.kind),
      ['debt'],
    );
    const arranged = evaluateEligibility({ ...everything, paymentArrangement: true }, ukPolicy, decisions, request());
    assert.equal(arranged.eligible, true);
    assert.deepEqual(arranged.outstanding, []);
  });

  test('property: eligible exactly when nothing is outstanding, and outstanding ⊆ items', () => {
    const facts = fc.record({
      productType: fc.constantFrom(...productTypes),
      debtMinor: fc.oneof(fc.constant(0), fc.nat(10_000)),
      paymentArrangement: fc.boolean(),
      contract: fc.option(
        fc.record({
          minimumTermEndsOn: fc.constantFrom('2026-01-01', today, '2026-06-11', '2027-06-30'),
          earlyTerminationChargeMinor: fc.nat(20_000),
        }),
      ),
      prepaid: fc.option(fc.record({ creditMinor: fc.nat(5_000), dataMb: fc.nat(4_096) })),
      boundServices: fc
        .uniqueArray(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 4 })
        .map((ids) => ids.map((id) => ({ id, kind: 'addon' as const, name: `Add-on ${id}` }))),
    });
    const decisions = fc.record({
      acceptEarlyTerminationCharge: fc.boolean(),
      balance: fc.constantFrom<CancellationDecisions['balance']>(
        null,
        { option: 'forfeit' },
        { option: 'refund' },
        { option: 'transfer', toMsisdn: '+447700900999' },
      ),
      acknowledgedServiceIds: fc.subarray(['a', 'b', 'c', 'd', 'z']),
    });
    fc.assert(
      fc.property(
        fc.constantFrom(ukPolicy, dePolicy, cnPolicy, usPolicy),
        facts,
        decisions,
        (policy, partial, choice) => {
          let checklist: Checklist;
          try {
            checklist = evaluateEligibility(line(partial), policy, choice, request());
          } catch (error) {
            // Only an option the market does not offer may be refused.
            return error instanceof SimexitError && error.code === 'BALANCE_OPTION_NOT_ALLOWED';
          }
          assert.equal(checklist.eligible, checklist.outstanding.length === 0);
          for (const item of checklist.outstanding) assert.ok(checklist.items.includes(item));
          assert.equal(checklist.items.filter((item) => item.kind === 'reminder').length, 3);
          const balance = itemsOf(checklist, 'balance')[0];
          if (balance) assert.ok(balance.options.includes('forfeit'), 'forfeit is always possible');
          if (balance?.refundMinor !== null && balance?.refundMinor !== undefined) assert.ok(balance.refundMinor > 0);
          return true;
        },
      ),
      { numRuns: 500 },
    );
  });

  test('an invalid receipt instant is refused', () => {
    assert.throws(() => evaluateEligibility(line(), ukPolicy, noDecisions, request({ receivedAt: new Date('x') })));
  });
});
