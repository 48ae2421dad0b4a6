import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SimexitError } from './errors.js';
import { cnPolicy, dePolicy, ukPolicy, usPolicy } from './policy/index.js';
import type { MarketPolicy } from './policy/types.js';
import {
  addCalendarDays,
  addWorkingDays,
  isWorkingDay,
  localDate,
  startOfLocalDate,
  workingDaysBetween,
} from './working-days.js';

function assertCode(fn: () => unknown, code: string): void {
  assert.throws(fn, (error: unknown) => error instanceof SimexitError && error.code === code);
}

/** Instants are written in UTC so each case states its offset from the market's wall clock explicitly. */
const at = (iso: string) => new Date(iso);

describe('localDate', () => {
  const cases: [instant: string, timeZone: string, date: string][] = [
    ['2026-03-01T23:30:00Z', 'Europe/London', '2026-03-01'],
    ['2026-07-01T23:30:00Z', 'Europe/London', '2026-07-02'], // BST
    ['2026-07-01T22:30:00Z', 'Europe/Berlin', '2026-07-02'], // CEST
    ['2026-07-01T16:00:00Z', 'Asia/Shanghai', '2026-07-02'],
    ['2026-07-02T03:59:59Z', 'America/New_York', '2026-07-01'],
    ['2026-07-02T04:00:00Z', 'America/New_York', '2026-07-02'],
    ['2026-12-31T23:00:00Z', 'Europe/Berlin', '2027-01-01'],
  ];
  for (const [instant, timeZone, date] of cases) {
    test(`${instant} in ${timeZone} is ${date}`, () => assert.equal(localDate(at(instant), timeZone), date));
  }
  test('an invalid Date is INVALID_DATE', () => assertCode(() => localDate(new Date('nope'), 'UTC'), 'INVALID_DATE'));
});

describe('startOfLocalDate', () => {
  const cases: [date: string, timeZone: string, instant: string][] = [
    ['2027-03-23', 'Europe/London', '2027-03-23T00:00:00.000Z'], // GMT
    ['2026-07-01', 'Europe/London', '2026-06-30T23:00:00.000Z'], // BST
    ['2027-03-23', 'Europe/Berlin', '2027-03-22T23:00:00.000Z'], // CET
    ['2026-07-01', 'Europe/Berlin', '2026-06-30T22:00:00.000Z'], // CEST
    ['2027-01-02', 'Asia/Shanghai', '2027-01-01T16:00:00.000Z'],
    ['2026-11-01', 'America/New_York', '2026-11-01T04:00:00.000Z'], // EDT until 02:00 that day
    // America/Santiago skips midnight when summer time starts: the day begins at 01:00 local.
    ['2026-09-06', 'America/Santiago', '2026-09-06T04:00:00.000Z'],
  ];
  for (const [date, timeZone, instant] of cases) {
    test(`${date} begins at ${instant} in ${timeZone}`, () =>
      assert.equal(startOfLocalDate(date, timeZone).toISOString(), instant));
  }
  test('property: the instant falls on that date, and a moment earlier on the day before', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2032-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom('Europe/London', 'Europe/Berlin', 'Asia/Shanghai', 'America/New_York', 'America/Chicago'),
        (instant, timeZone) => {
          const date = localDate(instant, timeZone);
          const start = startOfLocalDate(date, timeZone);
          assert.equal(localDate(start, timeZone), date);
          assert.ok(start.getTime() <= instant.getTime());
          assert.equal(localDate(new Date(start.getTime() - 1), timeZone), addCalendarDays(date, -1));
        },
      ),
      { numRuns: 300 },
    );
  });
  test('refuses a date that does not exist', () =>
    assertCode(() => startOfLocalDate('2027-02-29', 'UTC'), 'INVALID_DATE'));
});

describe('addCalendarDays', () => {
  const cases: [date: string, n: number, result: string][] = [
    ['2026-01-31', 1, '2026-02-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-03-29', 0, '2026-03-29'],
    ['2026-01-01', 365, '2027-01-01'],
  ];
  for (const [date, n, result] of cases) {
    test(`${date} + ${n} = ${result}`, () => assert.equal(addCalendarDays(date, n), result));
  }
  test('refuses malformed and impossible dates', () => {
    for (const bad of ['2026-2-1', '2026-02-30', '2026-13-01', '26-01-01', '2026-01-01T00:00', '', 'tomorrow']) {
      assertCode(() => addCalendarDays(bad, 1), 'INVALID_DATE');
    }
  });
  test('refuses fractional days', () => assertCode(() => addCalendarDays('2026-01-01', 1.5), 'VALIDATION_FAILED'));
});

describe('isWorkingDay', () => {
  const cases: [policy: MarketPolicy, instant: string, working: boolean, why: string][] = [
    [ukPolicy, '2026-06-10T12:00:00Z', true, 'a Wednesday'],
    [ukPolicy, '2026-06-13T12:00:00Z', false, 'Saturday'],
    [ukPolicy, '2026-06-14T12:00:00Z', false, 'Sunday'],
    [ukPolicy, '2026-12-25T12:00:00Z', false, 'Christmas Day'],
    [ukPolicy, '2026-12-28T12:00:00Z', false, 'Boxing Day substitute (26th is a Saturday)'],
    [ukPolicy, '2026-08-31T12:00:00Z', false, 'Summer bank holiday (England)'],
    [ukPolicy, '2026-12-24T12:00:00Z', true, 'Christmas Eve is not a public holiday'],
    [dePolicy, '2026-10-03T10:00:00Z', false, 'Tag der Deutschen Einheit (a Saturday anyway)'],
    [dePolicy, '2025-10-03T10:00:00Z', false, 'Tag der Deutschen Einheit 2025, a Friday'],
    [dePolicy, '2026-03-09T10:00:00Z', true, 'the Monday after Berlin Women’s Day'],
    [dePolicy, '2027-03-08T10:00:00Z', false, 'Berlin Women’s Day (state BE), a Monday'],
    [dePolicy, '2026-06-04T10:00:00Z', true, 'Corpus Christi is not a holiday in Berlin'],
    [cnPolicy, '2026-10-01T04:00:00Z', false, 'National Day'],
    [cnPolicy, '2026-10-02T04:00:00Z', false, 'National Day holiday'],
    [cnPolicy, '2026-02-17T04:00:00Z', false, 'Spring Festival'],
    [cnPolicy, '2026-06-01T04:00:00Z', true, 'Children’s Day is off only for children'],
    [cnPolicy, '2027-03-08T04:00:00Z', true, 'Women’s Day is a half day for women only'],
    [cnPolicy, '2026-05-04T04:00:00Z', true, 'Youth Day is a half day for the young only'],
    [usPolicy, '2026-07-03T16:00:00Z', false, 'Independence Day observed (4th is a Saturday)'],
    [usPolicy, '2026-11-26T16:00:00Z', false, 'Thanksgiving'],
    [usPolicy, '2026-07-06T16:00:00Z', true, 'an ordinary Monday'],
  ];
  for (const [policy, instant, working, why] of cases) {
    test(`${policy.market} ${instant}: ${working ? 'working' : 'off'} (${why})`, () => {
      assert.equal(isWorkingDay(at(instant), policy), working);
    });
  }

  test('is evaluated in the market’s time zone, not UTC', () => {
    // Thursday 24 Dec 2026 20:00 in New York is already Friday the 25th in UTC and in London.
    const instant = at('2026-12-25T01:00:00Z');
    assert.equal(isWorkingDay(instant, usPolicy), true);
    assert.equal(isWorkingDay(instant, ukPolicy), false);
    // Friday 2 Oct 2026 18:00 UTC is already Saturday the 3rd in Shanghai.
    assert.equal(isWorkingDay(at('2026-10-09T18:00:00Z'), cnPolicy), false);
    assert.equal(isWorkingDay(at('2026-10-09T12:00:00Z'), cnPolicy), true);
  });
});

describe('addWorkingDays', () => {
  const cases: [policy: MarketPolicy, start: string, days: number, deadline: string, why: string][] = [
    [ukPolicy, '2026-06-08T09:00:00Z', 2, '2026-06-10T09:00:00Z', 'Monday 10:00 BST + 2 → Wednesday 10:00'],
    [ukPolicy, '2026-06-11T09:00:00Z', 2, '2026-06-15T09:00:00Z', 'Thursday + 2 skips the weekend'],
    [ukPolicy, '2026-06-13T09:00:00Z', 2, '2026-06-16T23:00:00Z', 'Saturday counts from Monday 00:00'],
    [ukPolicy, '2026-06-13T09:00:00Z', 0, '2026-06-14T23:00:00Z', 'zero days on a weekend is Monday 00:00'],
    [ukPolicy, '2026-06-10T09:00:00Z', 0, '2026-06-10T09:00:00Z', 'zero days on a working day is the start'],
    [ukPolicy, '2026-12-23T15:00:00Z', 2, '2026-12-29T15:00:00Z', 'over Christmas and the Boxing Day substitute'],
    [ukPolicy, '2026-03-27T10:00:00Z', 2, '2026-03-31T09:00:00Z', 'across the switch to BST: same wall clock'],
    [ukPolicy, '2026-10-23T09:00:00Z', 2, '2026-10-27T10:00:00Z', 'across the switch back to GMT'],
    [dePolicy, '2026-10-01T08:00:00Z', 3, '2026-10-06T08:00:00Z', 'Thursday + 3 over the weekend'],
    [dePolicy, '2025-10-02T08:00:00Z', 1, '2025-10-06T08:00:00Z', 'Thursday + 1 skips Unity Day Friday'],
    [cnPolicy, '2026-09-30T02:00:00Z', 3, '2026-10-07T02:00:00Z', 'over National Day 1–3 October and the weekend'],
    [
      cnPolicy,
      '2026-09-30T17:00:00Z',
      1,
      '2026-10-05T16:00:00Z',
      '1 Oct 01:00 local is a holiday: from Monday 5th 00:00',
    ],
    [usPolicy, '2026-07-02T14:00:00Z', 2, '2026-07-07T14:00:00Z', 'over the observed Independence Day'],
    [usPolicy, '2026-11-25T20:00:00Z', 2, '2026-11-30T20:00:00Z', 'over Thanksgiving'],
  ];
  for (const [policy, start, days, deadline, why] of cases) {
    test(`${policy.market}: ${why}`, () => {
      assert.equal(addWorkingDays(at(start), days, policy).toISOString(), new Date(deadline).toISOString());
    });
  }

  test('Berlin across the autumn DST change keeps the wall clock', () => {
    // Friday 23 Oct 2026 02:30 CEST + 1 → Monday 26 Oct 02:30 CET.
    assert.equal(addWorkingDays(at('2026-10-23T00:30:00Z'), 1, dePolicy).toISOString(), '2026-10-26T01:30:00.000Z');
  });

  test('refuses negative and fractional days', () => {
    assertCode(() => addWorkingDays(at('2026-06-08T09:00:00Z'), -1, ukPolicy), 'VALIDATION_FAILED');
    assertCode(() => addWorkingDays(at('2026-06-08T09:00:00Z'), 0.5, ukPolicy), 'VALIDATION_FAILED');
  });

  test('property: the deadline is a working day, later than the start, keeping the local time', () => {
    const policies = fc.constantFrom(ukPolicy, dePolicy, cnPolicy, usPolicy);
    const instants = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 11, 31) }).map((ms) => new Date(ms));
    fc.assert(
      fc.property(policies, instants, fc.integer({ min: 1, max: 10 }), (policy, start, days) => {
        const deadline = addWorkingDays(start, days, policy);
        assert.ok(deadline > start);
        assert.ok(isWorkingDay(deadline, policy));
        assert.equal(workingDaysBetween(start, deadline, policy), days);
        if (isWorkingDay(start, policy)) {
          const time = (d: Date) =>
            new Intl.DateTimeFormat('en-GB', {
              timeZone: policy.timeZone,
              timeStyle: 'medium',
              hourCycle: 'h23',
            }).format(d);
          assert.equal(time(deadline), time(start));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('workingDaysBetween', () => {
  const cases: [policy: MarketPolicy, a: string, b: string, days: number][] = [
    [ukPolicy, '2026-06-08T09:00:00Z', '2026-06-08T17:00:00Z', 0],
    [ukPolicy, '2026-06-08T09:00:00Z', '2026-06-10T09:00:00Z', 2],
    [ukPolicy, '2026-06-08T09:00:00Z', '2026-06-15T09:00:00Z', 5],
    [ukPolicy, '2026-06-13T09:00:00Z', '2026-06-15T09:00:00Z', 0],
    [ukPolicy, '2026-12-24T09:00:00Z', '2026-12-29T09:00:00Z', 1],
    [usPolicy, '2026-07-01T14:00:00Z', '2026-07-07T14:00:00Z', 3],
    [cnPolicy, '2026-09-28T02:00:00Z', '2026-10-09T02:00:00Z', 7],
    [dePolicy, '2026-06-10T09:00:00Z', '2026-06-08T09:00:00Z', -2],
  ];
  for (const [policy, a, b, days] of cases) {
    test(`${policy.market} ${a} → ${b}: ${days}`, () => assert.equal(workingDaysBetween(at(a), at(b), policy), days));
  }
});

describe('the wall clock across offset changes (offsets kept per hour)', () => {
  // Intl itself, asked afresh for every instant: what each zone's calendar date really is.
  const intlDate = (instant: Date, timeZone: string) =>
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);

  const changes: [zone: string, around: string][] = [
    ['Europe/London', '2026-03-29T01:00:00Z'],
    ['Europe/Berlin', '2026-10-25T01:00:00Z'],
    ['America/New_York', '2026-11-01T06:00:00Z'],
    ['Australia/Lord_Howe', '2026-04-04T15:00:00Z'], // a half-hour change
    ['Asia/Kathmandu', '1986-01-01T00:00:00Z'], // +05:30 to +05:45 at local midnight: 18:15 UTC the day before
    ['Pacific/Apia', '2011-12-30T10:00:00Z'], // a whole day skipped
    ['America/Santiago', '2026-04-05T03:00:00Z'], // at local midnight
    ['America/Havana', '2026-03-08T05:00:00Z'], // at local midnight
    ['Asia/Beirut', '2026-03-28T22:00:00Z'], // at local midnight
  ];
  for (const [zone, around] of changes) {
    test(`${zone}: every 7 minutes for two days around ${around}, the date is Intl's`, () => {
      const centre = Date.parse(around);
      for (let t = centre - 86_400_000; t <= centre + 86_400_000; t += 7 * 60_000 + 13_000) {
        const instant = new Date(t);
        assert.equal(localDate(instant, zone), intlDate(instant, zone), instant.toISOString());
        assert.equal(localDate(instant, zone), localDate(new Date(t), zone), 'asked twice, answered alike');
      }
    });
  }
});
