import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SimexitError } from './errors.js';
import { revocationListMonthDue } from './market-reports.js';
import { decodeFeedCursor, encodeFeedCursor, FEED_START, revocationReasonOf } from './revocations.js';

describe('revocations', () => {
  test('the reason category: the holder surrendered it, or the bulk run’s cause', () => {
    assert.equal(revocationReasonOf('online', null), 'subscriber_request');
    assert.equal(revocationReasonOf('bss', null), 'subscriber_request');
    assert.equal(revocationReasonOf('bulk', { kind: 'dormant_prepaid', inactiveDays: 180 }), 'non_usage');
    assert.equal(
      revocationReasonOf('bulk', { kind: 'unregistered', registeredBefore: '2026-01-01' }),
      'failed_verification',
    );
    assert.equal(revocationReasonOf('bulk', null), 'operator_action');
  });

  test('a cursor comes back as the position it was made from; anything else is CURSOR_INVALID', () => {
    for (const position of [FEED_START, '1', '922337203685477580']) {
      assert.equal(decodeFeedCursor(encodeFeedCursor(position)), position);
    }
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const cursor of [
      '',
      'not a cursor',
      'e30',
      forged({ v: 2, p: '1' }),
      forged({ v: 1, p: 1 }),
      forged({ v: 1, p: '-1' }),
      forged({ v: 1, p: '9'.repeat(19) }),
      forged([1]),
      forged(null),
      Buffer.from('{"v":1,').toString('base64url'),
    ]) {
      assert.throws(
        () => decodeFeedCursor(cursor),
        (error: unknown) => error instanceof SimexitError && error.code === 'CURSOR_INVALID',
        cursor,
      );
    }
  });

  test('the monthly list due: the month before from the 8th, the one before that until then', () => {
    assert.equal(revocationListMonthDue('2026-12-08'), '2026-11');
    assert.equal(revocationListMonthDue('2026-12-31'), '2026-11');
    assert.equal(revocationListMonthDue('2026-12-07'), '2026-10');
    assert.equal(revocationListMonthDue('2027-01-01'), '2026-11');
    assert.equal(revocationListMonthDue('2027-01-08'), '2026-12');
    assert.equal(revocationListMonthDue('2027-02-07'), '2026-12');
  });
});
