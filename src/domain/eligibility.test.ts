import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SimexitError } from './errors.js';
import { evaluateEligibility, requiresCardReturn, type Checklist, type ChecklistItem } from './eligibility.js';
import { noDecisions, type CancellationDecisions, type LineFacts } from './line.js';
import { cnPolicy, dePolicy, policies, ukPolicy, usPolicy } from './policy/index.js';
import { productTypes, type MarketPolicy } from './policy/types.js';

const today = '2026-06-10';

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
  test('is eligible with only the reminders', () => {
    const checklist = evaluateEligibility(line(), ukPolicy, noDecisions, today);
    assert.deepEqual(checklist, { eligible: true, items: reminders, outstanding: [] });
  });

  test('reminders come in every market and every case', () => {
    for (const policy of Object.values(policies)) {
      const checklist = evaluateEligibility(line({ debtMinor: 100 }), policy, noDecisions, today);
      assert.deepEqual(itemsOf(checklist, 'reminder'), reminders);
    }
  });
});

describe('debt', () => {
  test('blocks without a payment arrangement, in the market currency', () => {
    const checklist = evaluateEligibility(line({ debtMinor: 4820 }), ukPolicy, noDecisions, today);
    assert.deepEqual(only(checklist, 'debt'), {
      kind: 'debt',
      status: 'blocking',
      amountMinor: 4820,
      currency: 'GBP',
      paymentArrangement: false,
    });
    assert.equal(checklist.eligible, false);
    assert.deepEqual(checklist.outstanding, [only(checklist, 'debt')]);
  });

  test('is resolved by a recorded payment arrangement', () => {
    const checklist = evaluateEligibility(
      line({ debtMinor: 4820, paymentArrangement: true }),
      dePolicy,
      noDecisions,
      today,
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
    const checklist = evaluateEligibility(line({ debtMinor: 1 }), ukPolicy, everything, today);
    assert.equal(only(checklist, 'debt').status, 'blocking');
    assert.equal(checklist.eligible, false);
  });

  test('no debt, no item (an arrangement without debt is irrelevant)', () => {
    const checklist = evaluateEligibility(line({ paymentArrangement: true }), ukPolicy, noDecisions, today);
    assert.deepEqual(itemsOf(checklist, 'debt'), []);
  });
});

describe('early-termination charge', () => {
  const running = { minimumTermEndsOn: '2026-12-31', earlyTerminationChargeMinor: 12_000 };

  test('a running minimum term requires acceptance', () => {
    const checklist = evaluateEligibility(line({ contract: running }), ukPolicy, noDecisions, today);
    assert.deepEqual(only(checklist, 'early_termination_charge'), {
      kind: 'early_termination_charge',
      status: 'requires_acceptance',
      amountMinor: 12_000,
      currency: 'GBP',
      minimumTermEndsOn: '2026-12-31',
    });
    assert.equal(checklist.eligible, false);
  });

  test('is accepted by the decision', () => {
    const checklist = evaluateEligibility(
      line({ contract: running }),
      usPolicy,
      decide({ acceptEarlyTerminationCharge: true }),
      today,
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
    test(`no item when ${why}`, () => {
      const checklist = evaluateEligibility(line({ contract }), policy, noDecisions, today);
      assert.deepEqual(itemsOf(checklist, 'early_termination_charge'), []);
      assert.equal(checklist.eligible, true);
    });
  }

  test('accepting a charge that does not apply is harmless', () => {
    const checklist = evaluateEligibility(line(), ukPolicy, decide({ acceptEarlyTerminationCharge: true }), today);
    assert.equal(checklist.eligible, true);
  });

  test('a malformed minimum-term date is INVALID_DATE', () => {
    assertCode(
      () =>
        evaluateEligibility(
          line({ contract: { minimumTermEndsOn: '31/12/2026', earlyTerminationChargeMinor: 1 } }),
          ukPolicy,
          noDecisions,
          today,
        ),
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
      const checklist = evaluateEligibility(line({ prepaid: { creditMinor, dataMb } }), policy, noDecisions, today);
      assert.deepEqual(only(checklist, 'balance'), {
        kind: 'balance',
        status: 'requires_decision',
        creditMinor,
        dataMb,
        currency: policy.currency,
        options: expected,
        chosen: null,
        refundMinor,
      });
      assert.equal(checklist.eligible, false);
    });
  }

  test('refund fee is deducted; a fee that swallows the credit removes the refund option', () => {
    const withFee: MarketPolicy = { ...ukPolicy, balance: { ...ukPolicy.balance, refundFeeMinor: 150 } };
    const some = evaluateEligibility(line({ prepaid: { creditMinor: 1000, dataMb: 0 } }), withFee, noDecisions, today);
    assert.equal(only(some, 'balance').refundMinor, 850);
    const swallowed = evaluateEligibility(
      line({ prepaid: { creditMinor: 150, dataMb: 0 } }),
      withFee,
      noDecisions,
      today,
    );
    assert.deepEqual(only(swallowed, 'balance').options, ['transfer', 'forfeit']);
    assert.equal(only(swallowed, 'balance').refundMinor, null);
  });

  test('no balance item for post-paid lines or an empty prepaid balance', () => {
    for (const prepaid of [null, { creditMinor: 0, dataMb: 0 }]) {
      const checklist = evaluateEligibility(line({ prepaid }), ukPolicy, noDecisions, today);
      assert.deepEqual(itemsOf(checklist, 'balance'), []);
    }
  });

  test('a balance decision for a line without balance is ignored', () => {
    const checklist = evaluateEligibility(line(), usPolicy, decide({ balance: { option: 'refund' } }), today);
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
        today,
      );
      const item = only(checklist, 'balance');
      assert.equal(item.status, 'decided');
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
            today,
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
          today,
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
            today,
          ),
        'VALIDATION_FAILED',
        { field: 'decisions.balance.toMsisdn' },
      );
    }
  });

  test('a malformed transfer target is INVALID_MSISDN', () => {
    assertCode(
      () =>
        evaluateEligibility(
          line({ prepaid: { creditMinor: 500, dataMb: 0 } }),
          ukPolicy,
          decide({ balance: { option: 'transfer', toMsisdn: 'my other phone' } }),
          today,
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
    const checklist = evaluateEligibility(line({ boundServices: services }), ukPolicy, noDecisions, today);
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
      today,
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
      today,
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
      const checklist = evaluateEligibility(line({ productType }), policy, noDecisions, today);
      assert.equal(itemsOf(checklist, 'card_return').length, required ? 1 : 0);
      assert.equal(checklist.eligible, true, 'card return is information, not a blocker');
    });
  }

  test('shows deadline, fee and address up-front', () => {
    const checklist = evaluateEligibility(line({ productType: 'sim' }), cnPolicy, noDecisions, today);
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
    const checklist = evaluateEligibility(everything, ukPolicy, noDecisions, today);
    assert.deepEqual(
      checklist.items.map((item) => item.kind),
      [
        'debt',
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
    const blocked = evaluateEligibility(everything, ukPolicy, decisions, today);
    assert.deepEqual(
      blocked.outstanding.map((item) => item.kind),
      ['debt'],
    );
    const arranged = evaluateEligibility({ ...everything, paymentArrangement: true }, ukPolicy, decisions, today);
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
            checklist = evaluateEligibility(line(partial), policy, choice, today);
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

  test('a malformed today is INVALID_DATE', () => {
    assertCode(() => evaluateEligibility(line(), ukPolicy, noDecisions, '10/06/2026'), 'INVALID_DATE');
  });
});
