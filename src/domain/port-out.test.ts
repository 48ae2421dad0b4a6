import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ukPolicy } from './policy/index.js';
import { pacBlockedUntil } from './port-out.js';

describe('no PAC right after a SIM change', () => {
  const now = new Date('2026-11-23T10:00:00Z');
  test('within the market’s days after the change: refused until the change plus those days', () => {
    assert.deepEqual(
      pacBlockedUntil(new Date('2026-11-22T10:00:00Z'), ukPolicy, now),
      new Date('2026-11-29T10:00:00Z'),
    );
  });
  test('once the days have passed, or with no SIM change on record, a PAC may be issued', () => {
    assert.equal(pacBlockedUntil(new Date('2026-11-16T10:00:00Z'), ukPolicy, now), null);
    assert.equal(pacBlockedUntil(null, ukPolicy, now), null);
  });
  test('a market with no block (0 days) never refuses', () => {
    const none = { ...ukPolicy, risk: { ...ukPolicy.risk, pacBlockDaysAfterSimChange: 0 } };
    assert.equal(pacBlockedUntil(new Date('2026-11-23T09:00:00Z'), none, now), null);
  });
});
