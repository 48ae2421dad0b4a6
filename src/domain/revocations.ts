import { causeOf, type BulkSelector } from './bulk-runs.js';
import { SimexitError } from './errors.js';
import type { Channel } from './evidence.js';

/**
 * Revocations: numbers permanently disconnected, as relying parties (banks, payment apps) read them
 * from the signed feed (GET /v1/numbers/revocations) and the monthly revocation list.
 *
 * The reason category says why the number left its holder, after the causes of permanent
 * disconnection India's public TRAI/DoT material names (a number surrendered by its holder; lines
 * deactivated for non-use; connections that failed re-verification of the holder's documents;
 * disconnections on an authority's list): simexit's own words, and what they rest on, in
 * docs/REVOCATION-FEED.md.
 */
export const revocationReasons = ['subscriber_request', 'non_usage', 'failed_verification', 'operator_action'] as const;
export type RevocationReason = (typeof revocationReasons)[number];

/**
 * Why a case's number was disconnected: a case the holder (or someone for them: an agent, a store,
 * a letter, the BSS) filed is the holder's surrender; a bulk run's line ended for the run's cause.
 * @param selector the bulk run's selector (null for a run from an uploaded list); ignored unless `channel` is bulk.
 */
export function revocationReasonOf(channel: Channel, selector: BulkSelector | null): RevocationReason {
  if (channel !== 'bulk') return 'subscriber_request';
  const cause = causeOf(selector);
  if (cause === 'dormant') return 'non_usage';
  if (cause === 'unregistered') return 'failed_verification';
  return 'operator_action';
}

/** Entries per page of the feed: the default, and the most a client may ask for. */
export const REVOCATION_PAGE_DEFAULT = 100;
export const REVOCATION_PAGE_MAX = 1000;

/**
 * A position in the feed: after the deactivation at `feed_position` (a bigint, as digits). Positions
 * become visible in order (migration 0032), so everything after a cursor is still to come.
 */
export type FeedPosition = string;

/** Before the first entry: where a client without a cursor starts. */
export const FEED_START: FeedPosition = '0';

const CURSOR_VERSION = 1;
const DIGITS = /^\d{1,18}$/;

/** The opaque cursor (`next`, given back as `since`): versioned JSON, base64url. */
export function encodeFeedCursor(position: FeedPosition): string {
  return Buffer.from(JSON.stringify({ v: CURSOR_VERSION, p: position })).toString('base64url');
}

/** @throws SimexitError `CURSOR_INVALID` for anything this feed did not hand out. */
export function decodeFeedCursor(cursor: string): FeedPosition {
  const invalid = () =>
    new SimexitError(
      'CURSOR_INVALID',
      'since is not a cursor this feed handed out; send the `next` of your last page as it was (or no since to start from the beginning).',
      { field: 'querystring.since' },
    );
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null || !('v' in parsed) || !('p' in parsed)) throw invalid();
  const { v, p } = parsed;
  if (v !== CURSOR_VERSION || typeof p !== 'string' || !DIGITS.test(p)) throw invalid();
  return p;
}
