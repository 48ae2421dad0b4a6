import { randomBytes } from 'node:crypto';

let lastMs = 0;
let sequence = 0;

/**
 * A UUID version 7 (RFC 9562: a millisecond timestamp, then a 12-bit sequence, then 62 random bits),
 * increasing within this process, for rows written by the thousand: a bulk run's lines, cases and
 * messages. Their keys (the primary key, and every index that starts with the id, a `case:<id>` target
 * or a `bulk:<id>:…` dedupe key) then grow at one end of each index, so a batch of 5,000 dirties a few
 * hundred index pages instead of one page per row across the whole index. With random (version 4) ids,
 * a run of a million lines spreads every batch over indexes far larger than the server's buffers: each
 * insert reads a page from disk and logs it whole after every checkpoint. The 62 random bits keep the
 * ids as unguessable as they need to be; the timestamp says no more than `created_at` does.
 */
export function timeOrderedUuid(): string {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    sequence = 0;
  } else if (++sequence > 0xfff) {
    // 4,096 ids in one millisecond: borrow the next millisecond, as RFC 9562 allows, to stay increasing.
    lastMs += 1;
    sequence = 0;
  }
  const bytes = randomBytes(16);
  bytes.writeUIntBE(lastMs, 0, 6);
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
