import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_DEMO_STEP_MS, parseDemoStep } from './demo-clock.js';

test('demo clock steps are read in minutes, hours, days and weeks', () => {
  const cases: [string, number | null][] = [
    ['90m', 90 * 60_000],
    ['24h', 24 * 3_600_000],
    ['3d', 3 * 86_400_000],
    ['2W', 14 * 86_400_000],
    [' 1 h ', 3_600_000],
    ['400d', MAX_DEMO_STEP_MS],
    ['401d', null],
    ['0h', null],
    ['-1h', null],
    ['1.5h', null],
    ['24', null],
    ['h', null],
    ['1y', null],
    ['', null],
  ];
  for (const [text, expected] of cases) assert.equal(parseDemoStep(text), expected, text);
});
