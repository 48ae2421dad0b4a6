import { formatMessageData, formatMessageInstant, supportedMessageLanguage } from '../../src/domain/message-formats.js';

/**
 * Money, dates and numbers as people in the line's market read them, in the language the page is
 * shown in: £12.50 in English for the UK, 12,50 € in German, ¥35.00 in Chinese.
 */
const regionOf: Record<string, string> = { UK: 'GB', DE: 'DE', CN: 'CN', US: 'US' };

/**
 * Where no market is known (the demo banner, the list of a holder's cases, the console's lists), dates
 * and times follow the page's language as written where simexit's languages are at home: British
 * English (31/03/2027), German (31.03.2027), Chinese (2027/3/31). A bare `en` would be read by the
 * browser as US English (3/31/2027).
 */
const localeOfLanguage: Record<string, string> = { en: 'en-GB', de: 'de-DE', zh: 'zh-CN' };

export function localeFor(language: string, market: string | undefined): string {
  if (language.startsWith('zh')) return 'zh-CN';
  const region = market ? regionOf[market] : undefined;
  const base = language.slice(0, 2);
  return region ? `${base}-${region}` : (localeOfLanguage[base] ?? language);
}

export function formatMoney(minor: number, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(minor / 100);
}

/** Mobile data as the messages write it: 3 GB, 1,5 GB, 500 MB. */
export function formatData(megabytes: number, locale: string): string {
  return formatMessageData(megabytes, supportedMessageLanguage(locale) ?? 'en', locale);
}

export function formatNumber(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value);
}

/** A calendar date (YYYY-MM-DD) written out, without shifting it through a time zone. */
export function formatDate(isoDate: string, locale: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)),
  );
}

/**
 * An instant as a date and time in the market's time zone, naming the zone as people say it ("UK time",
 * 北京时间), in the same style as the SMS and e-mail the holder gets (src/domain/message-formats.ts).
 */
export function formatInstant(iso: string, locale: string, timeZone?: string): string {
  const language = supportedMessageLanguage(locale);
  if (timeZone && language) return formatMessageInstant(new Date(iso), timeZone, language, locale);
  // dateStyle cannot be combined with timeZoneName, so the fields are named one by one.
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(iso));
}
