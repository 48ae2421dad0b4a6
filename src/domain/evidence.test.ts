import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  assessMailedLetter,
  channels,
  evidenceRules,
  reviewFloorFor,
  stricterRoute,
  type MailedLetterEvidence,
} from './evidence.js';

const record = {
  name: 'Amelia Hughes',
  address: '14 Kings Road, Leeds LS1 4AB',
  dateOfBirth: '1988-04-12',
  accountNumber: 'demo-uk-prepaid-credit',
  iccid: '89441000000000010162',
};
const letter = (extra: Partial<MailedLetterEvidence>): MailedLetterEvidence => ({
  holderName: 'Amelia Hughes',
  address: '14 Kings Road, Leeds LS1 4AB',
  dateOfBirth: null,
  accountNumber: null,
  iccidLastDigits: null,
  ...extra,
});

describe('evidence matched to the channel', () => {
  describe('the rule of each channel', () => {
    const expected: Record<(typeof channels)[number], { methods: string[]; floor: string }> = {
      online: { methods: ['line_code', 'account_login_code'], floor: 'auto' },
      phone: { methods: ['line_confirmation'], floor: 'auto' },
      chat: { methods: ['line_confirmation'], floor: 'auto' },
      email: { methods: ['line_confirmation'], floor: 'auto' },
      social: { methods: ['line_confirmation'], floor: 'auto' },
      store: { methods: ['id_document'], floor: 'auto' },
      mail: { methods: ['mailed_letter'], floor: 'manual' },
      bss: { methods: ['bss_order'], floor: 'auto' },
      sms: { methods: ['possession_of_line'], floor: 'auto' },
      bulk: { methods: ['bulk_run'], floor: 'auto' },
    };
    for (const channel of channels) {
      test(`${channel}: ${expected[channel].methods.join(' or ')}, at least ${expected[channel].floor} review`, () => {
        assert.deepEqual([...evidenceRules[channel].methods], expected[channel].methods);
        assert.equal(reviewFloorFor(channel), expected[channel].floor);
        assert.ok(evidenceRules[channel].requires.length > 10);
      });
    }
    test('a channel the rules do not know gets a person', () => {
      assert.equal(reviewFloorFor('fax'), 'manual');
    });
    test('the stricter route wins', () => {
      assert.equal(stricterRoute('auto', 'manual'), 'manual');
      assert.equal(stricterRoute('second_approver', 'manual'), 'second_approver');
      assert.equal(stricterRoute('auto', 'auto'), 'auto');
    });
  });

  describe('a mailed letter: name and address plus one more factor', () => {
    test('date of birth as the third factor', () => {
      assert.deepEqual(assessMailedLetter(letter({ dateOfBirth: '1988-04-12' }), record), {
        outcome: 'matched',
        matched: ['name', 'address', 'date_of_birth'],
      });
    });
    test('account number as the third factor (spacing and case do not matter)', () => {
      assert.deepEqual(assessMailedLetter(letter({ accountNumber: ' DEMO-uk-prepaid-credit ' }), record), {
        outcome: 'matched',
        matched: ['name', 'address', 'account_number'],
      });
    });
    test('the last digits of the ICCID as the third factor', () => {
      assert.deepEqual(assessMailedLetter(letter({ iccidLastDigits: '010162' }), record), {
        outcome: 'matched',
        matched: ['name', 'address', 'iccid_last_digits'],
      });
    });
    test('name and address alone are not enough: a person reviews, with the reason', () => {
      const result = assessMailedLetter(letter({}), record);
      assert.equal(result.outcome, 'insufficient');
      assert.ok(result.outcome === 'insufficient');
      assert.deepEqual(result.missing, ['date_of_birth|account_number|iccid_last_digits']);
      assert.match(result.reason, /date of birth, account number or the last 6 digits/);
    });
    test('name alone (the letter gives no address) is not enough', () => {
      const result = assessMailedLetter(letter({ address: null, dateOfBirth: '1988-04-12' }), record);
      assert.ok(result.outcome === 'insufficient');
      assert.deepEqual(result.missing, ['address']);
      assert.deepEqual(result.matched, ['name', 'date_of_birth']);
    });
    test('fewer than 6 ICCID digits do not count, even when they are right', () => {
      const result = assessMailedLetter(letter({ iccidLastDigits: '0162' }), record);
      assert.ok(result.outcome === 'insufficient');
      assert.match(result.reason, /only 4 digits/);
    });
    test('a factor that is given and wrong is a mismatch, whatever else matches', () => {
      for (const [factor, extra] of [
        ['name', { holderName: 'Sophie Taylor', dateOfBirth: '1988-04-12' }],
        ['address', { address: '1 Other Street, York', dateOfBirth: '1988-04-12' }],
        ['date_of_birth', { dateOfBirth: '1988-04-13' }],
        ['account_number', { accountNumber: 'demo-uk-debt' }],
        ['iccid_last_digits', { iccidLastDigits: '999999' }],
      ] as const) {
        const result = assessMailedLetter(letter(extra), record);
        assert.ok(result.outcome === 'mismatch', factor);
        assert.deepEqual(result.mismatched, [factor]);
      }
    });
    test('a date of birth cannot match an account that has none on file', () => {
      const result = assessMailedLetter(letter({ dateOfBirth: '1988-04-12' }), { ...record, dateOfBirth: null });
      assert.ok(result.outcome === 'mismatch');
      assert.deepEqual(result.mismatched, ['date_of_birth']);
    });
  });
});
