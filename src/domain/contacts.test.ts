import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { caseContactsFor, latestContactChange, recipientsOf, type ContactNumber } from './contacts.js';

const at = (iso: string) => new Date(iso);
const numbers: ContactNumber[] = [
  { msisdn: '+447700900999', verifiedAt: at('2025-01-01T00:00:00Z'), changedAt: at('2025-01-01T00:00:00Z') },
  { msisdn: '+447700900998', verifiedAt: null, changedAt: at('2026-11-20T00:00:00Z') },
  // The line itself listed as a contact number: it is already written to as the line.
  { msisdn: '+447700900101', verifiedAt: at('2024-01-01T00:00:00Z'), changedAt: null },
];
const account = { email: 'holder@example.test', contactNumbers: numbers };

describe('contacts on file', () => {
  test('a requested address is added beside the account e-mail, never instead of it', () => {
    const contacts = caseContactsFor('+447700900101', account, 'attacker@example.test');
    assert.deepEqual(contacts, {
      sms: '+447700900101',
      email: 'holder@example.test',
      otherSms: ['+447700900999'],
      requestedEmail: 'attacker@example.test',
    });
    assert.deepEqual(recipientsOf(contacts), [
      { channel: 'sms', to: '+447700900101', key: 'sms' },
      { channel: 'sms', to: '+447700900999', key: 'sms:+447700900999' },
      { channel: 'email', to: 'holder@example.test', key: 'email' },
      { channel: 'email', to: 'attacker@example.test', key: 'email:requested' },
    ]);
  });

  test('the account address asked for again (in other letters) is one recipient; no request, no extra', () => {
    assert.equal(caseContactsFor('+447700900101', account, ' HOLDER@example.test ').requestedEmail, null);
    assert.equal(caseContactsFor('+447700900101', account, null).requestedEmail, null);
    assert.equal(caseContactsFor('+447700900101', account, '   ').requestedEmail, null);
  });

  test('only verified numbers are written to', () => {
    const to = recipientsOf(caseContactsFor('+447700900101', account, null)).map((r) => r.to);
    assert.ok(!to.includes('+447700900998'));
  });

  test('without sms the line itself is left out, other numbers and the e-mails are not; without email no e-mail', () => {
    const contacts = caseContactsFor('+447700900101', account, 'extra@example.test');
    assert.deepEqual(
      recipientsOf(contacts, ['email']).map((r) => r.key),
      ['sms:+447700900999', 'email', 'email:requested'],
    );
    assert.deepEqual(
      recipientsOf(contacts, ['sms']).map((r) => r.key),
      ['sms', 'sms:+447700900999'],
    );
  });

  test('cases filed before other numbers were kept still reach the line and the e-mail', () => {
    assert.deepEqual(
      recipientsOf({ sms: '+447700900101', email: 'holder@example.test' }).map((r) => r.to),
      ['+447700900101', 'holder@example.test'],
    );
    assert.deepEqual(
      recipientsOf({ sms: '+447700900101', email: null }).map((r) => r.to),
      ['+447700900101'],
    );
  });

  test('the latest change of any contact counts, verified or not', () => {
    assert.deepEqual(
      latestContactChange({ contactChangedAt: at('2026-10-01T00:00:00Z'), contactNumbers: numbers }),
      at('2026-11-20T00:00:00Z'),
    );
    assert.deepEqual(
      latestContactChange({ contactChangedAt: at('2026-11-22T00:00:00Z'), contactNumbers: numbers }),
      at('2026-11-22T00:00:00Z'),
    );
    assert.equal(latestContactChange({ contactChangedAt: null, contactNumbers: [] }), null);
  });
});
