import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { datePartOrder, datePartsOf, readDateParts, type DateEntry } from './date-input.js';

describe('readDateParts', () => {
  const cases: [day: string, month: string, year: string, expected: DateEntry][] = [
    ['', '', '', { kind: 'empty' }],
    ['  ', ' ', '', { kind: 'empty' }],
    ['31', '3', '2027', { kind: 'date', iso: '2027-03-31' }],
    ['01', '03', '2027', { kind: 'date', iso: '2027-03-01' }],
    [' 5 ', '12', '2026', { kind: 'date', iso: '2026-12-05' }],
    ['２９', '２', '２０２８', { kind: 'date', iso: '2028-02-29' }],
    ['29', '2', '2027', { kind: 'invalid', reason: 'not_a_real_date', parts: ['day'] }],
    ['31', '4', '2027', { kind: 'invalid', reason: 'not_a_real_date', parts: ['day'] }],
    ['0', '4', '2027', { kind: 'invalid', reason: 'not_a_real_date', parts: ['day'] }],
    ['12', '13', '2027', { kind: 'invalid', reason: 'not_a_real_date', parts: ['month'] }],
    ['12', '0', '2027', { kind: 'invalid', reason: 'not_a_real_date', parts: ['month'] }],
    ['12', '3', '27', { kind: 'invalid', reason: 'year_digits', parts: ['year'] }],
    ['12', '', '2027', { kind: 'invalid', reason: 'missing', parts: ['month'] }],
    ['', '', '2027', { kind: 'invalid', reason: 'missing', parts: ['day', 'month'] }],
    ['1st', 'March', '2027', { kind: 'invalid', reason: 'not_a_number', parts: ['day', 'month'] }],
    ['-1', '3', '2027', { kind: 'invalid', reason: 'not_a_number', parts: ['day'] }],
  ];
  for (const [day, month, year, expected] of cases) {
    test(`${JSON.stringify([day, month, year])} → ${JSON.stringify(expected)}`, () =>
      assert.deepEqual(readDateParts({ day, month, year }), expected));
  }

  test('a date read back into boxes reads as the same date', () => {
    for (const iso of ['2027-03-31', '2026-01-05', '2028-02-29']) {
      assert.deepEqual(readDateParts(datePartsOf(iso)), { kind: 'date', iso });
    }
    assert.deepEqual(datePartsOf(null), { day: '', month: '', year: '' });
  });
});

describe('datePartOrder', () => {
  test('day month year in British English and German, year month day in Chinese, month first in US English', () => {
    assert.deepEqual(datePartOrder('en-GB'), ['day', 'month', 'year']);
    assert.deepEqual(datePartOrder('en'), ['day', 'month', 'year']);
    assert.deepEqual(datePartOrder('de-DE'), ['day', 'month', 'year']);
    assert.deepEqual(datePartOrder('zh-CN'), ['year', 'month', 'day']);
    assert.deepEqual(datePartOrder('en-US'), ['month', 'day', 'year']);
  });
});
