import { DAY, HOUR, MINUTE, WEEK } from './time.js';
/**
 * How far the demo clock moves in one step, written as a person would: `90m`, `24h`, `3d`, `2w`
 * (minutes, hours, days, weeks; a whole number from 1). Days are 24 hours: the demo clock moves
 * elapsed time, and each rule then counts it as it always does (working days, calendar days).
 */
const UNIT_MS = { m: MINUTE, h: HOUR, d: DAY, w: WEEK } as const;

const isUnit = (unit: string): unit is keyof typeof UNIT_MS => Object.hasOwn(UNIT_MS, unit);

/** One step at most: longer than any quarantine (US aging is at most 90 days, CN cool-down 90). */
export const MAX_DEMO_STEP_MS = 400 * UNIT_MS.d;

/** The step in ms, or null when `text` is not a step in this form or is longer than MAX_DEMO_STEP_MS. */
export function parseDemoStep(text: string): number | null {
  const match = /^\s*(\d{1,6})\s*([mhdw])\s*$/i.exec(text);
  const unit = match?.[2]?.toLowerCase();
  if (!match || unit === undefined || !isUnit(unit)) return null;
  const ms = Number(match[1]) * UNIT_MS[unit];
  return ms >= UNIT_MS.m && ms <= MAX_DEMO_STEP_MS ? ms : null;
}
