import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { notificationTemplates } from './lifecycle.js';
import {
  formatMessageData,
  formatMessageDate,
  formatMessageInstant,
  formatMessageList,
  formatMessageMoney,
  languageFromAcceptLanguage,
  holderMessageLanguage,
} from './message-formats.js';
import {
  bulkCauses,
  keywordReplies,
  messageLanguageFor,
  messageLanguages,
  renderCallConfirmationRequest,
  renderCallDenied,
  renderKeywordReply,
  renderLineLockChanged,
  renderNotification,
  renderOneTimeCode,
  renderSimChanged,
  renderSwitchingCodeIssued,
  smsFilingProblems,
  type MessageLanguage,
  type RenderedMessage,
} from './notifications.js';
import { rejectionReasons } from './rejection-reasons.js';

/** Values that are the same in every language (addresses, references, codes): left out of the checks. */
const neutral = {
  reference: 'SX-1A2B3C4D',
  maskedMsisdn: '+44 *** *** 101',
  caseUrl: 'https://cancel.example/cases/1',
  officialChannels: 'https://cancel.example',
  infoRequest: '[staff question]',
  cardReturnAddress: '[return address]',
  link: 'https://cancel.example/confirm-call/abc',
  code: 'ABC123456',
  keywordReference: 'K7Q2M9',
  boundServicesTold: '[bound services]',
};
// Longest first, so an address is not cut short by its own prefix.
const neutralValues = Object.values(neutral).sort((a, b) => b.length - a.length);

const received = new Date('2026-12-03T14:05:00Z');

/** Every message simexit sends, rendered in `language` with values written the way that language writes them. */
function everyMessage(language: MessageLanguage): { name: string; text: string }[] {
  const at = (instant: Date) => formatMessageInstant(instant, 'Europe/London', language, 'en-GB');
  const day = (iso: string) => formatMessageDate(iso, language, 'en-GB');
  const data = {
    reference: neutral.reference,
    maskedMsisdn: neutral.maskedMsisdn,
    receivedAt: at(received),
    lineEndsOn: day('2027-03-31'),
    caseUrl: neutral.caseUrl,
    officialChannels: neutral.officialChannels,
    infoRequest: neutral.infoRequest,
    cardReturnAddress: neutral.cardReturnAddress,
    cardReturnDeadlineDays: 14,
    bulkDeadline: at(new Date('2027-01-10T12:00:00Z')),
  };
  const text = (m: RenderedMessage) => `${m.subject}\n${m.body}`;
  const messages: { name: string; text: string }[] = [];
  for (const template of notificationTemplates) {
    if (template === 'rejected') {
      for (const reason of rejectionReasons)
        messages.push({
          name: `rejected (${reason})`,
          text: text(renderNotification(template, { ...data, reason }, language)),
        });
    } else if (template.startsWith('bulk_')) {
      for (const bulkCause of bulkCauses)
        messages.push({
          name: `${template} (${bulkCause})`,
          text: text(renderNotification(template, { ...data, bulkCause }, language)),
        });
    } else messages.push({ name: template, text: text(renderNotification(template, data, language)) });
  }
  messages.push({
    name: 'completed (services told)',
    text: text(renderNotification('completed', { ...data, boundServicesTold: neutral.boundServicesTold }, language)),
  });
  messages.push({
    name: 'completed (eSIM)',
    text: text(renderNotification('completed', { ...data, deleteEsimProfile: true }, language)),
  });
  messages.push({ name: 'one_time_code', text: text(renderOneTimeCode('123456', 10, language)) });
  for (const kind of ['PAC', 'STAC'] as const)
    messages.push({
      name: `switching_code_issued (${kind})`,
      text: text(
        renderSwitchingCodeIssued(kind, { ...data, issuedAt: at(received), validUntil: day('2027-01-02') }, language),
      ),
    });
  for (const change of ['locked', 'unlocked'] as const)
    messages.push({
      name: `line_${change}`,
      text: text(renderLineLockChanged(change, { ...data, at: at(received) }, language)),
    });
  for (const pacBlockDays of [7, 0])
    messages.push({
      name: `sim_changed (${pacBlockDays} days)`,
      text: text(renderSimChanged({ ...data, at: at(received), pacBlockDays }, language)),
    });
  messages.push({
    name: 'call_confirmation',
    text: text(
      renderCallConfirmationRequest(
        {
          reference: neutral.keywordReference,
          link: neutral.link,
          minutes: 10,
          officialChannels: data.officialChannels,
        },
        language,
      ),
    ),
  });
  messages.push({ name: 'call_denied', text: text(renderCallDenied({ ...data, at: at(received) }, language)) });
  const money = (minor: number) => formatMessageMoney(minor, 'GBP', language, 'en-GB');
  const fullTerms = {
    charge: { amount: money(7996), contractEndsOn: day('2027-03-31') },
    balance: { amount: money(1250), data: formatMessageData(3072, language, 'en-GB') },
    debt: money(4820),
  };
  const noTerms = { charge: null, balance: null, debt: null };
  for (const reply of keywordReplies) {
    const base = {
      url: neutral.officialChannels,
      keyword: 'STAC' as const,
      code: neutral.code,
      validUntil: day('2027-01-02'),
      from: at(received),
      reference: neutral.keywordReference,
      minutes: 15,
    };
    if (reply === 'could_not_start') {
      for (const problem of smsFilingProblems)
        messages.push({
          name: `keyword ${reply} (${problem})`,
          text: renderKeywordReply(reply, { ...base, problem }, language),
        });
    } else if (reply === 'code_issued' || reply === 'info') {
      messages.push({
        name: `keyword ${reply} (all terms)`,
        text: renderKeywordReply(reply, { ...base, terms: fullTerms }, language),
      });
      messages.push({
        name: `keyword ${reply} (no terms)`,
        text: renderKeywordReply(reply, { ...base, terms: noTerms }, language),
      });
    } else messages.push({ name: `keyword ${reply}`, text: renderKeywordReply(reply, base, language) });
  }
  return messages;
}

/** Latin words a Chinese message may carry: names of codes and keywords the holder types, units. */
const latinAllowedInChinese = new Set([
  'PAC',
  'STAC',
  'SIM',
  'ESIM',
  'YES',
  'NO',
  'INFO',
  'CANCEL',
  'SIMEXIT',
  'SMS',
  'MB',
  'GB',
]);
/** Common English words that are not also German words (so "was", "will", "in", "die" are not listed). */
const englishOnlyWords = new Set(
  'the your you and we please our with this here line number bill printed been of to at on by if it is are were has have or stop request card not'.split(
    ' ',
  ),
);
/** German words that "not" and friends may not be confused with: "Not" does not occur in the texts. */

/**
 * What is untranslated in a message: text identical to the English one, English words inside a German
 * message, Latin words inside a Chinese one, Chinese or German letters inside an English one, and raw
 * reason codes (snake_case) anywhere. Language-neutral values (addresses, references) are left out first.
 */
export function untranslated(language: MessageLanguage, text: string, english: string): string[] {
  const problems: string[] = [];
  let rest = text;
  for (const value of neutralValues) rest = rest.split(value).join(' ');
  rest = rest.replace(/https?:\/\/\S+/g, ' ');
  if (language !== 'en' && text === english) problems.push('identical to the English text');
  const snake = rest.match(/\b[a-z]+_[a-z_]+\b/g);
  if (snake) problems.push(`raw codes: ${snake.join(', ')}`);
  if (language === 'zh-CN') {
    const latin = (rest.match(/[A-Za-z]{2,}/g) ?? []).filter((word) => !latinAllowedInChinese.has(word.toUpperCase()));
    if (latin.length > 0) problems.push(`Latin words: ${latin.join(' ')}`);
  }
  if (language === 'de') {
    const english = (rest.match(/[A-Za-zÄÖÜäöüß]+/g) ?? []).filter((word) => englishOnlyWords.has(word.toLowerCase()));
    if (english.length > 0) problems.push(`English words: ${english.join(' ')}`);
  }
  if (language === 'en') {
    const foreign = rest.match(/[\u3000-\u9fff\uff00-\uffefÄÖÜäöüß]+/g);
    if (foreign) problems.push(`foreign letters: ${foreign.join(' ')}`);
  }
  return problems;
}

describe('every message in every language', () => {
  const english = new Map(everyMessage('en').map((m) => [m.name, m.text]));

  test('the same messages exist in every language, none empty', () => {
    for (const language of messageLanguages) {
      const messages = everyMessage(language);
      assert.deepEqual(
        messages.map((m) => m.name),
        [...english.keys()],
        language,
      );
      for (const message of messages) {
        assert.ok(message.text.trim().length > 20, `${language} ${message.name} is empty`);
        assert.doesNotMatch(message.text, /undefined|null|NaN|\[object/, `${language} ${message.name}`);
      }
    }
  });

  for (const language of messageLanguages) {
    test(`${language}: nothing untranslated, no raw codes`, () => {
      const problems = everyMessage(language).flatMap((message) =>
        untranslated(language, message.text, english.get(message.name)!).map(
          (problem) => `${message.name}: ${problem}\n    ${message.text.replace(/\n/g, ' ')}`,
        ),
      );
      assert.deepEqual(problems, [], problems.join('\n'));
    });
  }

  test('the check finds what it is there for (it fails on an untranslated message)', () => {
    const german = everyMessage('de').find((m) => m.name === 'receipt')!.text;
    assert.deepEqual(untranslated('de', `${german} or the number printed on your bill`, ''), [
      'English words: or the number printed on your bill',
    ]);
    assert.deepEqual(untranslated('zh-CN', '有人申请注销号码。Not you? Stop it here', ''), [
      'Latin words: Not you Stop it here',
    ]);
    assert.deepEqual(untranslated('de', english.get('receipt')!, english.get('receipt')!).slice(0, 1), [
      'identical to the English text',
    ]);
    assert.deepEqual(untranslated('en', 'Not accepted: (identity_mismatch)', ''), ['raw codes: identity_mismatch']);
    assert.deepEqual(untranslated('en', 'Your number 注销', ''), ['foreign letters: 注销']);
  });

  test('every message names the case or the line, the official channels and warns about impostors', () => {
    for (const language of messageLanguages) {
      for (const template of notificationTemplates) {
        const message = renderNotification(
          template,
          { ...everyMessageData(language), reason: 'card_not_returned' },
          language,
        );
        assert.ok(`${message.subject}${message.body}`.includes(neutral.reference), `${language} ${template}`);
        assert.ok(message.body.includes(neutral.officialChannels), `${language} ${template}`);
      }
    }
  });

  test('a rejection gives its reason in words, in the holder’s language, never the code', () => {
    const data = { ...everyMessageData('en'), reason: 'identity_mismatch' };
    assert.match(renderNotification('rejected', data, 'en').body, /the details did not match our records\./);
    assert.match(renderNotification('rejected', data, 'zh-CN').body, /所填信息与我们的记录不符/);
    assert.match(renderNotification('rejected', data, 'de').body, /stimmen nicht mit unseren Unterlagen überein/);
    for (const language of messageLanguages) {
      assert.doesNotMatch(renderNotification('rejected', data, language).body, /identity_mismatch/);
      // An unknown code reads as "see the details online", never as itself.
      assert.doesNotMatch(
        renderNotification('rejected', { ...data, reason: 'made_up_code' }, language).body,
        /made_up_code/,
      );
    }
  });

  test('"cancelled" names the services told, and says nothing of services on a line that had none', () => {
    const said = { en: /services/i, 'zh-CN': /服务/, de: /Dienste/ } as const;
    for (const language of messageLanguages) {
      const none = renderNotification('completed', everyMessageData(language), language).body;
      assert.doesNotMatch(none, said[language], `${language}: ${none}`);
      const told = renderNotification(
        'completed',
        { ...everyMessageData(language), boundServicesTold: formatMessageList(['Northbank', 'PayQuick'], language) },
        language,
      ).body;
      assert.match(told, said[language], `${language}: ${told}`);
      assert.ok(told.includes('Northbank') && told.includes('PayQuick'), told);
    }
  });

  test('"cancelled" asks an eSIM holder to delete the profile from the phone, and no one else', () => {
    const said = { en: /delete its profile/, 'zh-CN': /删除此 eSIM 配置文件/, de: /löschen Sie ihr Profil/ } as const;
    for (const language of messageLanguages) {
      const card = renderNotification('completed', everyMessageData(language), language).body;
      assert.doesNotMatch(card, said[language], `${language}: ${card}`);
      const esim = renderNotification(
        'completed',
        { ...everyMessageData(language), deleteEsimProfile: true },
        language,
      );
      assert.match(esim.body, said[language], `${language}: ${esim.body}`);
    }
  });

  test('German stops a cancellation ("zurückziehen", "stoppen"), never "Widerruf" (the statutory right)', () => {
    for (const message of everyMessage('de')) assert.doesNotMatch(message.text, /widerruf/i, message.name);
    assert.match(everyMessage('de').find((m) => m.name === 'receipt')!.text, /Kündigung zurückziehen/);
  });

  test('Chinese uses one word for cancelling a number (注销) and names time zones as people do', () => {
    for (const message of everyMessage('zh-CN')) assert.doesNotMatch(message.text, /销户/, message.name);
    assert.match(everyMessage('zh-CN').find((m) => m.name === 'receipt')!.text, /2026年12月3日 14:05（英国时间）/);
  });
});

function everyMessageData(language: MessageLanguage) {
  return {
    reference: neutral.reference,
    maskedMsisdn: neutral.maskedMsisdn,
    receivedAt: formatMessageInstant(received, 'Asia/Shanghai', language, 'zh-CN'),
    lineEndsOn: formatMessageDate('2027-03-31', language),
    caseUrl: neutral.caseUrl,
    officialChannels: neutral.officialChannels,
  };
}

describe('dates, amounts and languages in messages', () => {
  test('dates and times in each language’s own style, with the zone as people name it', () => {
    assert.equal(formatMessageInstant(received, 'Europe/London', 'en', 'en-GB'), '3 December 2026 at 14:05 (UK time)');
    assert.equal(formatMessageInstant(received, 'Asia/Shanghai', 'zh-CN', 'zh-CN'), '2026年12月3日 22:05（北京时间）');
    assert.equal(formatMessageInstant(received, 'Europe/London', 'zh-CN', 'en-GB'), '2026年12月3日 14:05（英国时间）');
    assert.equal(
      formatMessageInstant(received, 'Europe/Berlin', 'de', 'de-DE'),
      '3. Dezember 2026 um 15:05 Uhr (deutsche Zeit)',
    );
    assert.equal(formatMessageDate('2027-03-31', 'en', 'en-US'), 'March 31, 2027');
    assert.equal(formatMessageDate('2027-03-31', 'de'), '31. März 2027');
    assert.equal(formatMessageDate('2027-03-31', 'zh-CN'), '2027年3月31日');
  });

  test('money and data as the language writes them', () => {
    assert.equal(formatMessageMoney(7996, 'EUR', 'de', 'de-DE'), '79,96\u00a0€');
    assert.equal(formatMessageMoney(1250, 'GBP', 'en', 'en-GB'), '£12.50');
    assert.equal(formatMessageData(3072, 'en'), '3 GB');
    assert.equal(formatMessageData(1536, 'de'), '1,5 GB');
    assert.equal(formatMessageData(500, 'zh-CN'), '500 MB');
  });

  test('the holder’s language: chosen in the portal, else the account’s, else the market’s', () => {
    assert.equal(holderMessageLanguage({ chosen: 'zh-CN', account: 'de-DE', marketLanguage: 'en-GB' }), 'zh-CN');
    assert.equal(holderMessageLanguage({ chosen: null, account: 'de-DE', marketLanguage: 'en-GB' }), 'de');
    assert.equal(holderMessageLanguage({ chosen: null, account: 'fr-FR', marketLanguage: 'de-DE' }), 'de');
    assert.equal(holderMessageLanguage({ chosen: null, account: null, marketLanguage: 'zh-CN' }), 'zh-CN');
  });

  test('Accept-Language picks the best language simexit writes', () => {
    assert.equal(languageFromAcceptLanguage('zh-CN'), 'zh-CN');
    assert.equal(languageFromAcceptLanguage('fr-FR,fr;q=0.9,de;q=0.8,en;q=0.5'), 'de');
    assert.equal(languageFromAcceptLanguage('en;q=0.2, zh-Hans;q=0.9'), 'zh-CN');
    assert.equal(languageFromAcceptLanguage('zh-TW'), null);
    assert.equal(languageFromAcceptLanguage('*'), null);
    assert.equal(languageFromAcceptLanguage(undefined), null);
  });

  test('market languages map to message languages', () => {
    assert.equal(messageLanguageFor('en-GB'), 'en');
    assert.equal(messageLanguageFor('en-US'), 'en');
    assert.equal(messageLanguageFor('zh-CN'), 'zh-CN');
    assert.equal(messageLanguageFor('de-DE'), 'de');
  });
});
