/**
 * A calendar date as a person enters it: day, month and year in three boxes (the GOV.UK Design
 * System's date input), in the order their language writes a date. Three boxes, not the browser's
 * `<input type="date">`: that one shows the browser's own format (mm/dd/yyyy in an English-US
 * Chromium), whatever language the page is in. The web apps (web/shared/DateField.tsx) read every date
 * field through {@link readDateParts}, so a date is understood the same way on every page.
 */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export type DatePart = keyof DateParts;

export const noDateParts: DateParts = { day: '', month: '', year: '' };

/** What was entered: nothing, a real date (YYYY-MM-DD), or why it is not one. */
export type DateEntry =
  | { kind: 'empty' }
  | { kind: 'date'; iso: string }
  | {
      kind: 'invalid';
      /**
       * `missing`: some boxes are empty (`parts` names them); `not_a_number`: a box holds anything but
       * digits; `year_digits`: the year does not have 4 digits; `not_a_real_date`: no such day (31 April,
       * 29 February of a common year, month 13).
       */
      reason: 'missing' | 'not_a_number' | 'year_digits' | 'not_a_real_date';
      /** The boxes to correct (focus and highlight go to the first of them). */
      parts: DatePart[];
    };

/** Digits in any script people type on their phones (fullwidth ０-９ from a Chinese keyboard) as ASCII. */
function asciiDigits(text: string): string {
  return text.trim().replace(/[０-９]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xff10 + 48));
}

/**
 * Reads three boxes as a calendar date. Leading zeros are optional (`3` and `03` are March);
 * spaces around a value are ignored.
 */
export function readDateParts(parts: DateParts): DateEntry {
  const values = { day: asciiDigits(parts.day), month: asciiDigits(parts.month), year: asciiDigits(parts.year) };
  const order: DatePart[] = ['day', 'month', 'year'];
  const missing = order.filter((part) => values[part] === '');
  if (missing.length === 3) return { kind: 'empty' };
  if (missing.length > 0) return { kind: 'invalid', reason: 'missing', parts: missing };
  const notNumbers = order.filter((part) => !/^[0-9]+$/.test(values[part]));
  if (notNumbers.length > 0) return { kind: 'invalid', reason: 'not_a_number', parts: notNumbers };
  if (values.year.length !== 4) return { kind: 'invalid', reason: 'year_digits', parts: ['year'] };
  const day = Number(values.day);
  const month = Number(values.month);
  const year = Number(values.year);
  const date = new Date(Date.UTC(year, month - 1, day));
  const real =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day;
  if (!real) {
    const wrong: DatePart[] = month < 1 || month > 12 ? ['month'] : ['day'];
    return { kind: 'invalid', reason: 'not_a_real_date', parts: wrong };
  }
  return {
    kind: 'date',
    iso: `${values.year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
  };
}

/** The boxes of a known date (YYYY-MM-DD), as a person would have typed them. */
export function datePartsOf(iso: string | null | undefined): DateParts {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? '');
  if (!match) return noDateParts;
  return { day: String(Number(match[3])), month: String(Number(match[2])), year: match[1]! };
}

/**
 * The order of the boxes in a language: day month year in English (as in the UK) and German
 * (TT.MM.JJJJ); year month day in Chinese (年月日). US English writes month first: the three boxes
 * follow it when the page's locale is en-US.
 */
export function datePartOrder(locale: string): DatePart[] {
  const lower = locale.toLowerCase();
  if (lower.startsWith('zh') || lower.startsWith('ja') || lower.startsWith('ko')) return ['year', 'month', 'day'];
  if (lower === 'en-us') return ['month', 'day', 'year'];
  return ['day', 'month', 'year'];
}
