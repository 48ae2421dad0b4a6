import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sniffContentType } from './uploads.js';

test('file types by their first bytes', () => {
  const cases: [number[] | string, string | null][] = [
    ['%PDF-1.7\n', 'application/pdf'],
    [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0], 'image/png'],
    [[0xff, 0xd8, 0xff, 0xe0], 'image/jpeg'],
    [[0x49, 0x49, 0x2a, 0x00, 8], 'image/tiff'],
    [[0x4d, 0x4d, 0x00, 0x2a, 0], 'image/tiff'],
    ['MZ\x90\x00', null],
    ['<svg onload=alert(1)>', null],
    ['%PD', null],
    [[], null],
  ];
  for (const [content, expected] of cases) {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'latin1') : Uint8Array.from(content);
    assert.equal(sniffContentType(bytes), expected, JSON.stringify(content));
  }
});
