import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvCell, toCsv } from './csv.js';

test('CSV cells: quoting, doubled quotes, line breaks and formula prefixes', () => {
  const table: [string | number | null, string][] = [
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+44 7700', "'+44 7700"],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
    ['=HYPERLINK("x","y")', `"'=HYPERLINK(""x"",""y"")"`],
    [-3, '-3'],
    [12.5, '12.5'],
    [null, ''],
  ];
  for (const [input, expected] of table) assert.equal(csvCell(input), expected, String(input));
  assert.equal(
    toCsv([
      ['a', 1],
      ['b', null],
    ]),
    'a,1\r\nb,\r\n',
  );
});
