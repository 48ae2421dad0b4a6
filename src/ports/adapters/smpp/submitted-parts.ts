/** One message part the SMSC accepted, as the adapter needs it to match receipts and to resume a send. */
export interface SubmittedPart {
  /** Our outbox message id. */
  messageId: string;
  /** The SMSC's id for the part, as written in submit_sm_resp. */
  smscMessageId: string;
  /** smscMessageId normalised for matching: trimmed, lower case, leading zeros dropped. */
  idKey: string;
  /** 0-based position of the part in the message. */
  partIndex: number;
  partCount: number;
  /** The concatenation reference the parts were sent with (unused for a one-part message). */
  reference: number;
}

/**
 * Where accepted parts are kept. Shared (the database: db/repositories/sms-parts.repository.ts),
 * any worker can match a receipt for a part another worker sent, or that it sent before a restart,
 * and a retry on any worker sends only the parts still missing.
 */
export interface SubmittedParts {
  /** Keeps a part the SMSC accepted; a later part under the same idKey replaces it (SMSC ids wrap). */
  record(part: SubmittedPart): Promise<void>;
  /** The first of these keys (tried in order) that names a kept part. */
  find(idKeys: string[]): Promise<SubmittedPart | null>;
  /** Every kept part of one message. */
  forMessage(messageId: string): Promise<SubmittedPart[]>;
}

/** Accepted parts in this process's memory, bounded: enough for one process on its own (and tests). */
export function memorySubmittedParts(limit = 50_000): SubmittedParts {
  const byKey = new Map<string, SubmittedPart>();
  return {
    async record(part) {
      remember(byKey, part.idKey, part, limit);
    },
    async find(idKeys) {
      for (const key of idKeys) {
        const part = byKey.get(key);
        if (part) return part;
      }
      return null;
    },
    async forMessage(messageId) {
      return [...byKey.values()].filter((part) => part.messageId === messageId);
    },
  };
}

/** How an SMSC message id is matched: SMSCs differ in case and zero padding between submit_sm_resp and receipt. */
export const idKey = (id: string) =>
  id
    .trim()
    .toLowerCase()
    .replace(/^0+(?=.)/, '');

/**
 * Receipt ids as written, then in the other base: SMSCs are known to answer submit_sm_resp in hex
 * and write the receipt's id: in decimal, or the reverse (Kannel's msg-id-type exists for this).
 */
export function receiptIdCandidates(id: string): string[] {
  const candidates = [id];
  if (/^\d{1,30}$/.test(id)) candidates.push(BigInt(id).toString(16));
  if (/^[0-9a-f]{1,30}$/i.test(id)) candidates.push(BigInt(`0x${id}`).toString(10));
  return candidates;
}

/** Keeps at most `limit` entries, dropping the oldest, so a long-running process stays bounded. */
export function remember<K, V>(map: Map<K, V>, key: K, value: V, limit: number) {
  map.delete(key);
  map.set(key, value);
  if (map.size > limit) map.delete(map.keys().next().value!);
}
