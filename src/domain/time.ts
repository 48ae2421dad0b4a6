/**
 * Lengths of time in milliseconds (and a day in seconds, for the delays stored in seconds), written
 * once: a day here is 24 hours of elapsed time, not a calendar day, which working-days.ts and
 * termination.ts count in the market's time zone.
 */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;
export const DAY_SECONDS = DAY / 1000;
