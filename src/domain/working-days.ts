import Holidays from 'date-holidays';
import { SimexitError } from './errors.js';
import type { MarketPolicy } from './policy/types.js';
import { DAY, HOUR } from './time.js';

/**
 * Working days and local dates of a market.
 *
 * Everything is evaluated in the policy's IANA time zone, because a review deadline or a line's end date
 * is what the subscriber and the back office see on their own calendar, not UTC. Time-zone arithmetic
 * uses `Intl.DateTimeFormat` only. A working day is Monday–Friday and not a public holiday of the
 * policy's calendar (date-holidays, type `public` only: bank, optional and observance days stay working
 * days).
 *
 * Known limits of the holiday data: China's official make-up working days on weekends (调休) are not
 * modelled, so a make-up Saturday counts as a day off; multi-day Golden Week breaks count only the
 * statutory days date-holidays lists.
 */

/** No calendar has a year without working days; a longer search means broken holiday data. */
const MAX_DAYS_SEARCHED = 366;

const DATE_FORMAT = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * date-holidays marks some days `public` that only a group of people gets off (China: Children's Day for
 * children under 14; Women's, Youth and Army days are half days for the groups concerned). The operator's
 * back office works on them. Half-days are excluded generically (shorter than a full day); full-day
 * group-specific days by their date-holidays rule.
 */
const groupSpecificHolidayRules: Readonly<Record<string, readonly string[]>> = { CN: ['06-01'] };

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

function invalidDate(message: string, details?: Record<string, unknown>): SimexitError {
  return new SimexitError('INVALID_DATE', message, details);
}

function assertInstant(instant: Date, name: string): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw invalidDate(`${name} is not a valid point in time.`, { field: name });
  }
}

/** Splits a `YYYY-MM-DD` string that names a real calendar day; anything else is `INVALID_DATE`. */
function parseLocalDate(date: string, field = 'date'): { year: number; month: number; day: number } {
  const match = typeof date === 'string' ? DATE_FORMAT.exec(date) : null;
  if (match) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = Number(match[3]);
    const roundTrip = new Date(Date.UTC(year, month - 1, day));
    if (
      roundTrip.getUTCFullYear() === year &&
      roundTrip.getUTCMonth() === month - 1 &&
      roundTrip.getUTCDate() === day
    ) {
      return { year, month, day };
    }
  }
  throw invalidDate('Enter the date as YYYY-MM-DD, e.g. 2026-07-31, and make sure the day exists.', { field });
}

function formatLocalDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall clock from the zone's rules themselves (Intl), which costs a formatToParts per call. */
function exactWallClockOf(instant: Date, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
    millisecond: instant.getUTCMilliseconds(),
  };
}

function wallClockOf(instant: Date, timeZone: string): WallClock {
  const shifted = new Date(instant.getTime() + offsetAt(instant.getTime(), timeZone));
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    millisecond: shifted.getUTCMilliseconds(),
  };
}

function wallClockAsUtc(wall: WallClock): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond);
}

function exactOffsetAt(epochMs: number, timeZone: string): number {
  return wallClockAsUtc(exactWallClockOf(new Date(epochMs), timeZone)) - epochMs;
}

/** Offsets by zone and UTC hour; NaN for an hour in which the offset changes. */
const hourOffsets = new Map<string, number>();

/**
 * How far `timeZone`'s wall clock is ahead of UTC at `epochMs`. A zone's offset changes at most once
 * within an hour (a DST change, or a change of its rules), so when the offsets at the start of the hour
 * and of the next one agree, that offset holds for the whole hour and is kept; an hour with a change
 * in it is worked out exactly each time. A working-day sum asks for many instants per request.
 */
function offsetAt(epochMs: number, timeZone: string): number {
  const start = Math.floor(epochMs / HOUR) * HOUR;
  const key = `${timeZone}|${start}`;
  let offset = hourOffsets.get(key);
  if (offset === undefined) {
    const atStart = exactOffsetAt(start, timeZone);
    offset = atStart === exactOffsetAt(start + HOUR, timeZone) ? atStart : Number.NaN;
    if (hourOffsets.size >= 100_000) hourOffsets.clear();
    hourOffsets.set(key, offset);
  }
  return Number.isNaN(offset) ? exactOffsetAt(epochMs, timeZone) : offset;
}

/**
 * The instant at which `timeZone`'s clocks show `wall`. A wall time skipped by a DST change resolves to
 * the instant the same distance after the change; a repeated one to its first occurrence.
 */
function instantOf(wall: WallClock, timeZone: string): Date {
  const asUtc = wallClockAsUtc(wall);
  // The offsets in force a day before and a day after bracket any DST change near this wall time.
  const offsetBefore = offsetAt(asUtc - DAY, timeZone);
  const offsetAfter = offsetAt(asUtc + DAY, timeZone);
  const matching = [asUtc - offsetBefore, asUtc - offsetAfter].filter(
    (candidate) => wallClockAsUtc(wallClockOf(new Date(candidate), timeZone)) === asUtc,
  );
  return new Date(matching.length > 0 ? Math.min(...matching) : asUtc - offsetBefore);
}

function weekday(date: string): number {
  const { year, month, day } = parseLocalDate(date);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

const calendars = new Map<string, Holidays>();
const holidayDates = new Map<string, Set<string>>();

function calendarKey(policy: MarketPolicy): string {
  return `${policy.holidays.country}/${policy.holidays.state ?? ''}`;
}

/** The local dates that are public holidays in `year` for the policy's calendar (cached per calendar and year). */
function publicHolidays(policy: MarketPolicy, year: number): Set<string> {
  const key = calendarKey(policy);
  const cacheKey = `${key}/${year}`;
  const cached = holidayDates.get(cacheKey);
  if (cached) return cached;
  let calendar = calendars.get(key);
  if (!calendar) {
    calendar =
      policy.holidays.state === undefined
        ? new Holidays(policy.holidays.country, { types: ['public'] })
        : new Holidays(policy.holidays.country, policy.holidays.state, { types: ['public'] });
    calendars.set(key, calendar);
  }
  const excludedRules = groupSpecificHolidayRules[policy.holidays.country] ?? [];
  const dates = new Set<string>();
  for (const holiday of calendar.getHolidays(year)) {
    if (holiday.type !== 'public' || excludedRules.includes(holiday.rule)) continue;
    // A DST change can make a whole day 23 hours long; anything shorter is a half day.
    const days = Math.round((holiday.end.getTime() - holiday.start.getTime()) / DAY);
    if (holiday.end.getTime() - holiday.start.getTime() < DAY - HOUR) continue;
    const first = holiday.date.slice(0, 10);
    for (let offset = 0; offset < days; offset += 1) dates.add(addCalendarDays(first, offset));
  }
  holidayDates.set(cacheKey, dates);
  return dates;
}

function isWorkingLocalDate(date: string, policy: MarketPolicy): boolean {
  const day = weekday(date);
  if (day === 0 || day === 6) return false;
  return !publicHolidays(policy, Number(date.slice(0, 4))).has(date);
}

function nextWorkingLocalDate(date: string, policy: MarketPolicy): string {
  let candidate = date;
  for (let searched = 0; searched < MAX_DAYS_SEARCHED; searched += 1) {
    candidate = addCalendarDays(candidate, 1);
    if (isWorkingLocalDate(candidate, policy)) return candidate;
  }
  throw new SimexitError('INTERNAL', `No working day within a year after ${date} in ${calendarKey(policy)}.`);
}

/** The calendar date (`YYYY-MM-DD`) that `instant` falls on in `timeZone`. */
export function localDate(instant: Date, timeZone: string): string {
  assertInstant(instant, 'instant');
  const wall = wallClockOf(instant, timeZone);
  return formatLocalDate(wall.year, wall.month, wall.day);
}

/**
 * `date` plus `n` calendar days (negative goes back), as `YYYY-MM-DD`.
 *
 * @throws SimexitError `INVALID_DATE` if `date` is not a real `YYYY-MM-DD` day; `VALIDATION_FAILED` if
 *   `n` is not an integer.
 */
export function addCalendarDays(date: string, n: number): string {
  const { year, month, day } = parseLocalDate(date);
  if (!Number.isInteger(n)) throw new SimexitError('VALIDATION_FAILED', 'A number of days must be a whole number.');
  const shifted = new Date(Date.UTC(year, month - 1, day) + n * DAY);
  return formatLocalDate(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

/**
 * Whether `date` falls on a working day in the policy's time zone: Monday–Friday and not a public
 * holiday of `policy.holidays`.
 */
export function isWorkingDay(date: Date, policy: MarketPolicy): boolean {
  return isWorkingLocalDate(localDate(date, policy.timeZone), policy);
}

/**
 * The deadline `days` working days after `start`, at the same local wall-clock time.
 *
 * A case received Monday 10:00 with a 2-day SLA is due Wednesday 10:00. A case received on a weekend
 * or holiday starts counting at 00:00 of the next working day (Saturday 10:00 + 2 → Wednesday 00:00),
 * so the reviewer always gets `days` whole working days. `days = 0` yields `start` itself, or the next
 * working day's start.
 *
 * @throws SimexitError `VALIDATION_FAILED` if `days` is not a non-negative integer.
 */
export function addWorkingDays(start: Date, days: number, policy: MarketPolicy): Date {
  assertInstant(start, 'start');
  if (!Number.isInteger(days) || days < 0) {
    throw new SimexitError('VALIDATION_FAILED', 'A number of working days must be a whole number, zero or more.');
  }
  const wall = wallClockOf(start, policy.timeZone);
  let date = formatLocalDate(wall.year, wall.month, wall.day);
  let time = { hour: wall.hour, minute: wall.minute, second: wall.second, millisecond: wall.millisecond };
  if (!isWorkingLocalDate(date, policy)) {
    date = nextWorkingLocalDate(date, policy);
    time = { hour: 0, minute: 0, second: 0, millisecond: 0 };
  }
  for (let counted = 0; counted < days; counted += 1) date = nextWorkingLocalDate(date, policy);
  const { year, month, day } = parseLocalDate(date);
  return instantOf({ year, month, day, ...time }, policy.timeZone);
}

/**
 * How many working days lie between two instants: the working days `d` (local dates in the policy's
 * time zone) with `localDate(a) <= d < localDate(b)`; negative when `b` is before `a`.
 *
 * This is the inverse of {@link addWorkingDays}: `workingDaysBetween(s, addWorkingDays(s, n)) === n`,
 * so "how long has this case waited" and "when is it due" agree.
 */
export function workingDaysBetween(a: Date, b: Date, policy: MarketPolicy): number {
  const from = localDate(a, policy.timeZone);
  const to = localDate(b, policy.timeZone);
  if (to < from) return -workingDaysBetween(b, a, policy);
  let count = 0;
  for (let date = from; date < to; date = addCalendarDays(date, 1)) {
    if (isWorkingLocalDate(date, policy)) count += 1;
  }
  return count;
}

/**
 * The instant a local date (`YYYY-MM-DD`) begins: 00:00 in `timeZone`, or the first instant of the day
 * when a DST change skips midnight. A line that "ends on 23 March 2027" is switched off from then.
 *
 * @throws SimexitError `INVALID_DATE` if `date` is not a real `YYYY-MM-DD` day.
 */
export function startOfLocalDate(date: string, timeZone: string): Date {
  const { year, month, day } = parseLocalDate(date);
  return instantOf({ year, month, day, hour: 0, minute: 0, second: 0, millisecond: 0 }, timeZone);
}

/**
 * Working time between two instants, in milliseconds: the part of `[a, b)` that falls on working days
 * (whole local days, 00:00–24:00, Monday–Friday and not a public holiday); negative when `b` is before
 * `a`.
 *
 * A working day counts whole, not office hours, because the review SLA ({@link addWorkingDays}) does:
 * "2 working days from Monday 10:00" is Wednesday 10:00, which is 48 hours of working time. So this is
 * the finer-grained inverse of `addWorkingDays` — `workingTimeBetween(s, addWorkingDays(s, n))` is
 * `n × 24 h` (± an hour on a day a DST change shortens or lengthens) — and it lets the review clock
 * pause and resume at any minute without rounding to days.
 */
export function workingTimeBetween(a: Date, b: Date, policy: MarketPolicy): number {
  assertInstant(a, 'a');
  assertInstant(b, 'b');
  if (b.getTime() < a.getTime()) return -workingTimeBetween(b, a, policy);
  const last = localDate(b, policy.timeZone);
  let total = 0;
  for (let date = localDate(a, policy.timeZone); date <= last; date = addCalendarDays(date, 1)) {
    if (!isWorkingLocalDate(date, policy)) continue;
    const dayStart = Math.max(startOfLocalDate(date, policy.timeZone).getTime(), a.getTime());
    const dayEnd = Math.min(startOfLocalDate(addCalendarDays(date, 1), policy.timeZone).getTime(), b.getTime());
    if (dayEnd > dayStart) total += dayEnd - dayStart;
  }
  return total;
}

/**
 * The instant `ms` of working time after `start` (see {@link workingTimeBetween} for what counts):
 * time on weekends and public holidays does not count, so a start on a day off begins counting at
 * 00:00 of the next working day, like {@link addWorkingDays}. `ms = 0` yields `start` itself on a
 * working day.
 *
 * @throws SimexitError `VALIDATION_FAILED` if `ms` is negative or not finite.
 */
export function addWorkingTime(start: Date, ms: number, policy: MarketPolicy): Date {
  assertInstant(start, 'start');
  if (!Number.isFinite(ms) || ms < 0) {
    throw new SimexitError('VALIDATION_FAILED', 'An amount of working time must be zero or more.');
  }
  let cursor = start.getTime();
  let left = ms;
  let date = localDate(start, policy.timeZone);
  if (!isWorkingLocalDate(date, policy)) {
    date = nextWorkingLocalDate(date, policy);
    cursor = startOfLocalDate(date, policy.timeZone).getTime();
  }
  for (;;) {
    const dayEnd = startOfLocalDate(addCalendarDays(date, 1), policy.timeZone).getTime();
    // Strictly less: time that runs out at midnight ends at the next working day's start, as addWorkingDays does.
    if (left < dayEnd - cursor) return new Date(cursor + left);
    left -= dayEnd - cursor;
    date = nextWorkingLocalDate(date, policy);
    cursor = startOfLocalDate(date, policy.timeZone).getTime();
  }
}
