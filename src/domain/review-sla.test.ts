import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { policies } from './policy/index.js';
import { reviewSla, type SlaView } from './review-sla.js';
import { addWorkingDays, addWorkingTime, workingTimeBetween } from './working-days.js';
import { HOUR } from './time.js';

const uk = policies.UK;

describe('working time', () => {
  const rows: { name: string; a: string; b: string; hours: number }[] = [
    { name: 'within one working day', a: '2026-06-10T08:00:00Z', b: '2026-06-10T12:00:00Z', hours: 4 },
    {
      name: 'Friday 13:00 BST to Monday 13:00 BST skips the weekend',
      a: '2026-06-12T12:00:00Z',
      b: '2026-06-15T12:00:00Z',
      hours: 24,
    },
    { name: 'a weekend alone is no working time', a: '2026-06-13T00:00:00Z', b: '2026-06-14T22:00:00Z', hours: 0 },
    {
      name: 'Christmas Eve to the 29th: 25th, weekend and Boxing Day substitute are off',
      a: '2026-12-24T00:00:00Z',
      b: '2026-12-29T00:00:00Z',
      hours: 24,
    },
    { name: 'backwards is negative', a: '2026-06-10T12:00:00Z', b: '2026-06-10T08:00:00Z', hours: -4 },
  ];
  for (const row of rows) {
    test(row.name, () => {
      assert.equal(workingTimeBetween(new Date(row.a), new Date(row.b), uk), row.hours * HOUR);
    });
  }

  test('addWorkingTime is the inverse of workingTimeBetween, and agrees with addWorkingDays', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2031-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.nat(5 * 24 * HOUR),
        fc.constantFrom(...Object.values(policies)),
        (start, ms, policy) => {
          const end = addWorkingTime(start, ms, policy);
          assert.ok(end.getTime() >= start.getTime());
          assert.equal(workingTimeBetween(start, end, policy), ms);
          const due = addWorkingDays(start, policy.reviewSlaWorkingDays, policy);
          assert.deepEqual(addWorkingTime(start, workingTimeBetween(start, due, policy), policy), due);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('reviewSla', () => {
  const now = new Date('2026-06-10T12:00:00Z'); // Wednesday 13:00 BST
  const rows: { name: string; dueAt: string | null; remainingMs: number | null; expected: SlaView }[] = [
    {
      name: 'two working days left',
      dueAt: '2026-06-12T12:00:00Z',
      remainingMs: null,
      expected: { status: 'ok', workingHoursLeft: 48 },
    },
    {
      name: 'exactly one working day left is still ok',
      dueAt: '2026-06-11T12:00:00Z',
      remainingMs: null,
      expected: { status: 'ok', workingHoursLeft: 24 },
    },
    {
      name: 'under one working day is due soon',
      dueAt: '2026-06-11T11:30:00Z',
      remainingMs: null,
      expected: { status: 'due_soon', workingHoursLeft: 23.5 },
    },
    {
      name: 'at the deadline it is overdue',
      dueAt: '2026-06-10T12:00:00Z',
      remainingMs: null,
      expected: { status: 'overdue', workingHoursLeft: 0 },
    },
    {
      name: 'overdue hours are negative',
      dueAt: '2026-06-10T09:00:00Z',
      remainingMs: null,
      expected: { status: 'overdue', workingHoursLeft: -3 },
    },
    {
      name: 'paused keeps what was left',
      dueAt: null,
      remainingMs: 30 * HOUR,
      expected: { status: 'paused', workingHoursLeft: 30 },
    },
    {
      name: 'paused without a remainder shows the full SLA',
      dueAt: null,
      remainingMs: null,
      expected: { status: 'paused', workingHoursLeft: 48 },
    },
  ];
  for (const row of rows) {
    test(row.name, () => {
      const clock = {
        reviewDueAt: row.dueAt === null ? null : new Date(row.dueAt),
        reviewRemainingMs: row.remainingMs,
      };
      assert.deepEqual(reviewSla(clock, now, uk), row.expected);
    });
  }

  test('a Friday-afternoon case due Monday morning is due soon: the weekend does not count', () => {
    const friday = new Date('2026-06-12T15:00:00Z'); // Fri 16:00 BST
    assert.deepEqual(
      reviewSla({ reviewDueAt: new Date('2026-06-15T09:00:00Z'), reviewRemainingMs: null }, friday, uk),
      {
        status: 'due_soon',
        workingHoursLeft: 18,
      },
    );
  });
});
