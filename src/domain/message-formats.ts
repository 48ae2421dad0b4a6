/**
 * Dates, times and amounts as people write them in each message language, shared by the messages
 * simexit sends (domain/notifications.ts) and the web apps (web/shared/format.ts), so a holder reads
 * one style in the portal, the SMS and the e-mail.
 */
export const messageLanguages = ['en', 'zh-CN', 'de'] as const;
export type MessageLanguage = (typeof messageLanguages)[number];

/** The message language for a market's BCP 47 language tag (en-GB → en, zh-CN → zh-CN, de-DE → de). */
export function messageLanguageFor(tag: string): MessageLanguage {
  return supportedMessageLanguage(tag) ?? 'en';
}

/** The message language a BCP 47 tag asks for, or null when simexit has no messages in it (fr, es …). */
export function supportedMessageLanguage(tag: string | null | undefined): MessageLanguage | null {
  const lower = tag?.trim().toLowerCase() ?? '';
  // Simplified Chinese only: zh-TW and zh-HK readers are not served by it.
  if (lower === 'zh' || lower === 'zh-cn' || lower === 'zh-hans' || lower.startsWith('zh-hans-') || lower === 'zh-sg')
    return 'zh-CN';
  if (lower === 'de' || lower.startsWith('de-')) return 'de';
  if (lower === 'en' || lower.startsWith('en-')) return 'en';
  return null;
}

/**
 * The first language of an HTTP Accept-Language header (RFC 9110 §12.5.4) that simexit writes
 * messages in, by the client's weights; null when none is (or the header is absent).
 */
export function languageFromAcceptLanguage(header: string | null | undefined): MessageLanguage | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), weight: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.tag !== '' && entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const entry of ranked) {
    const language = supportedMessageLanguage(entry.tag);
    if (language) return language;
  }
  return null;
}

/**
 * The locale whose conventions a message in `language` follows: the market's own when it speaks that
 * language (en-US for a US line, en-GB for a UK one), otherwise the language's home style.
 */
export function messageLocale(language: MessageLanguage, marketLanguage?: string): string {
  if (marketLanguage && supportedMessageLanguage(marketLanguage) === language) return marketLanguage;
  return { en: 'en-GB', 'zh-CN': 'zh-CN', de: 'de-DE' }[language];
}

/**
 * The markets' time zones as their people name them in each language ("UK time", 英国时间, 北京时间):
 * an abbreviation such as GMT+8 is not how anyone says it. Other zones use the platform's long name.
 */
const zoneNames: Record<string, Record<MessageLanguage, string>> = {
  'Europe/London': { en: 'UK time', 'zh-CN': '英国时间', de: 'britische Zeit' },
  'Europe/Berlin': { en: 'German time', 'zh-CN': '德国时间', de: 'deutsche Zeit' },
  'Asia/Shanghai': { en: 'China time', 'zh-CN': '北京时间', de: 'chinesische Zeit' },
  'America/New_York': { en: 'US Eastern Time', 'zh-CN': '美国东部时间', de: 'US-Ostküstenzeit' },
};

export function timeZoneName(timeZone: string, language: MessageLanguage): string {
  const known = zoneNames[timeZone]?.[language];
  if (known) return known;
  const part = new Intl.DateTimeFormat(messageLocale(language), { timeZone, timeZoneName: 'long' })
    .formatToParts(new Date(0))
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

// Building an Intl.DateTimeFormat costs far more than using one; there are only a few of each.
const formats = new Map<string, Intl.DateTimeFormat>();
function cached(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let format = formats.get(key);
  if (!format) {
    format = make();
    formats.set(key, format);
  }
  return format;
}

/** A calendar date (YYYY-MM-DD) written out: 31 March 2027, 2027年3月31日, 31. März 2027. */
export function formatMessageDate(isoDate: string, language: MessageLanguage, marketLanguage?: string): string {
  const locale = messageLocale(language, marketLanguage);
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  return cached(`date:${locale}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' })).format(
    new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)),
  );
}

/**
 * An instant as a date and a 24-hour time in the market's time zone, naming the zone as people say it:
 * "3 December 2026 at 14:05 (UK time)", "2026年12月3日 14:05（英国时间）", "3. Dezember 2026 um 14:05 Uhr (britische Zeit)".
 */
export function formatMessageInstant(
  instant: Date,
  timeZone: string,
  language: MessageLanguage,
  marketLanguage?: string,
): string {
  const locale = messageLocale(language, marketLanguage);
  const date = cached(
    `day:${locale}:${timeZone}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }),
  ).format(instant);
  const time = cached(
    `time:${timeZone}`,
    () => new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }),
  ).format(instant);
  const zone = timeZoneName(timeZone, language);
  if (language === 'zh-CN') return `${date} ${time}（${zone}）`;
  if (language === 'de') return `${date} um ${time} Uhr (${zone})`;
  return `${date} at ${time} (${zone})`;
}

/** An amount of money in minor units: £12.50, 12,50 €, ¥35.00. */
export function formatMessageMoney(
  minor: number,
  currency: string,
  language: MessageLanguage,
  marketLanguage?: string,
): string {
  return new Intl.NumberFormat(messageLocale(language, marketLanguage), { style: 'currency', currency }).format(
    minor / 100,
  );
}

/** Names joined as the language lists them: "A, B and C", „A, B und C“, "A、B和C". */
export function formatMessageList(
  items: readonly string[],
  language: MessageLanguage,
  marketLanguage?: string,
): string {
  return new Intl.ListFormat(messageLocale(language, marketLanguage), { style: 'long', type: 'conjunction' }).format(
    items,
  );
}

/** Mobile data in the unit people use: 3 GB, 1,5 GB, 500 MB (1 GB = 1024 MB, as operators count it). */
export function formatMessageData(megabytes: number, language: MessageLanguage, marketLanguage?: string): string {
  const locale = messageLocale(language, marketLanguage);
  if (megabytes < 1024) return `${new Intl.NumberFormat(locale).format(megabytes)} MB`;
  const gigabytes = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(megabytes / 1024);
  return `${gigabytes} GB`;
}

/**
 * The language a holder's messages are written in: the one they chose in the portal, else the one
 * the account stores in the CRM when simexit writes messages in it, else the market's.
 */
export function holderMessageLanguage(input: {
  chosen: MessageLanguage | null;
  account: string | null;
  marketLanguage: string;
}): MessageLanguage {
  return input.chosen ?? supportedMessageLanguage(input.account) ?? messageLanguageFor(input.marketLanguage);
}
