/** A short, readable case reference for letters and phone calls (the id's first 8 hex digits). */
export function caseReference(caseId: string): string {
  return `SX-${caseId.slice(0, 8).toUpperCase()}`;
}

/** An instant as people in the market read it, e.g. "2026-11-23 19:40 (Europe/London)". */
export function formatInstant(instant: Date, timeZone: string): string {
  const parts = instantFormat(timeZone).formatToParts(instant);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')} (${timeZone})`;
}

// Building an Intl.DateTimeFormat costs far more than using one; there are only a few time zones.
const instantFormats = new Map<string, Intl.DateTimeFormat>();
function instantFormat(timeZone: string): Intl.DateTimeFormat {
  let format = instantFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    instantFormats.set(timeZone, format);
  }
  return format;
}

/** A database timestamp as ISO 8601 for an API answer (null stays null). */
export const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());
