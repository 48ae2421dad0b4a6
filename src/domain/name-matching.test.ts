import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareNames, nameRefusal } from './name-matching.js';

describe('name matching', () => {
  test('a clerk’s differences match: case, spacing, composed or decomposed accents, no-break spaces', () => {
    const cases: [string, string][] = [
      ['harriet  walker', 'Harriet Walker'],
      [' HARRIET WALKER ', 'Harriet Walker'],
      ['Zoe\u0308 Mu\u0308ller', 'Zoë Müller'],
      ['Zoë\u00a0Müller', 'Zoë Müller'],
      ['王小明', '王小明'],
      ['山田 はなこ', '山田 はなこ'],
      ['김 民準', '김 民準'],
      ['Иван Петров', 'иван петров'],
    ];
    for (const [given, onFile] of cases) assert.deepEqual(compareNames(given, onFile), { match: true }, given);
  });

  test('compatibility look-alikes are refused even though NFKC would fold them into the name', () => {
    const lookAlikes = [
      'Ｈａｒｒｉｅｔ Ｗａｌｋｅｒ', // fullwidth
      '𝐇𝐚𝐫𝐫𝐢𝐞𝐭 Walker', // mathematical bold
      '𝖧𝖺𝗋𝗋𝗂𝖾𝗍 Walker', // mathematical sans-serif
      'Harriet Walker\u2160', // roman numeral one
      'Harriet Waﬂker', // ligature
      'Ⓗarriet Walker', // circled letter
    ];
    for (const given of lookAlikes) {
      assert.equal(given.normalize('NFKC').toLowerCase().startsWith('harriet'), true, `${given} folds to the name`);
      assert.deepEqual(compareNames(given, 'Harriet Walker'), { match: false, refused: 'compatibility_form' }, given);
    }
  });

  test('letters of scripts no one mixes in a name are refused', () => {
    for (const given of ['H\u0430rriet Walker', 'Harriet W\u03b1lker', 'Harriet 王']) {
      assert.equal(nameRefusal(given), 'mixed_script', given);
      assert.deepEqual(compareNames(given, 'Harriet Walker'), { match: false, refused: 'mixed_script' });
    }
  });

  test('a different name does not match and is not a refusal', () => {
    assert.deepEqual(compareNames('Harriet Walkers', 'Harriet Walker'), { match: false, refused: null });
  });
});
