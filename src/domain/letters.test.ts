import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { letterTexts, type LetterTexts } from './letters.js';
import { messageLanguages, type MessageLanguage } from './message-formats.js';

/** Values that are the same in every language: left out of the checks. */
const neutral = '[value]';

/**
 * Every text of the letters in `language`, by its path (`confirmation.serviceTold`): strings as they
 * are, functions called with the neutral value for each field (and a number where one is asked).
 */
function everyText(language: MessageLanguage): Map<string, string> {
  const texts = new Map<string, string>();
  const walk = (value: unknown, path: string) => {
    if (typeof value === 'string') texts.set(path, value);
    else if (typeof value === 'function') {
      // One argument for both kinds of text: read as a string, or as an object whose fields are read.
      const fields = new Proxy(
        {},
        {
          get: (_target, key) =>
            key === Symbol.toPrimitive || key === 'toString' ? () => neutral : key === 'days' ? 14 : neutral,
        },
      );
      texts.set(path, String((value as (arg: unknown) => string)(fields)));
    } else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) walk(inner, path ? `${path}.${key}` : key);
    }
  };
  walk(letterTexts[language] satisfies LetterTexts, '');
  return texts;
}

/** Latin words a Chinese letter may carry: card names and units. */
const latinInChinese = new Set(['SIM', 'ESIM']);
/** Common English words that are not German words too. */
const englishOnly = new Set(
  'the your you and we please our with this here line number bill printed been of to at on by if it is are were has have or stop request card not'.split(
    ' ',
  ),
);

describe('the letters’ words in every language', () => {
  const english = everyText('en');

  test('every language has every text, none empty', () => {
    for (const language of messageLanguages) {
      const texts = everyText(language);
      assert.deepEqual([...texts.keys()], [...english.keys()], language);
      for (const [path, text] of texts)
        assert.ok(text.replaceAll(neutral, '').trim().length > 0, `${language} ${path}`);
    }
  });

  for (const language of ['zh-CN', 'de'] as const) {
    test(`${language}: nothing left in English`, () => {
      const problems: string[] = [];
      for (const [path, text] of everyText(language)) {
        const rest = text.replaceAll(neutral, ' ');
        if (text === english.get(path) && rest.trim() !== '' && !/^(eSIM|online|\.)$/.test(rest.trim()))
          problems.push(`${path}: identical to English (${text})`);
        const words =
          language === 'zh-CN'
            ? (rest.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !latinInChinese.has(w.toUpperCase()))
            : (rest.match(/[A-Za-zÄÖÜäöüß]+/g) ?? []).filter((w) => englishOnly.has(w.toLowerCase()));
        if (words.length > 0) problems.push(`${path}: ${words.join(' ')} (${text})`);
      }
      assert.deepEqual(problems, [], problems.join('\n'));
    });
  }

  test('a line without services says so in every language, and never that any were told', () => {
    assert.equal(letterTexts.en.confirmation.noServices, 'No services were linked to this number.');
    assert.equal(letterTexts.de.confirmation.noServices, 'Mit dieser Rufnummer waren keine Dienste verknüpft.');
    assert.equal(letterTexts['zh-CN'].confirmation.noServices, '该号码未绑定任何服务。');
    for (const language of messageLanguages)
      assert.doesNotMatch(letterTexts[language].confirmation.noServices, /told|informiert|通知/);
  });
});
