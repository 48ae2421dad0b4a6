import { sql } from 'kysely';
import type { MessageLanguage } from '../../domain/message-formats.js';
import { prepared, type Db, type Tx } from '../database.js';

/**
 * What simexit itself holds that decides a new case on a line, read in one statement once the line
 * is known: the holder's open lock on it (line_locks), the latest version of its market's policy
 * (market_policy_versions; null while only the shipped pack exists) and the language the holder chose
 * (holder_languages). A submission reads these on every order; three statements cost the server and
 * the API three round trips.
 */
export interface FilingGuards {
  lockedAt: Date | null;
  policyVersion: number | null;
  chosenLanguage: MessageLanguage | null;
}

export async function readFilingGuards(
  db: Db | Tx,
  line: { msisdn: string; market: string; subscriberId: string },
): Promise<FilingGuards> {
  const { rows } = await sql<{
    locked_at: Date | null;
    policy_version: number | null;
    language: MessageLanguage | null;
  }>`
    select
      (select locked_at from line_locks where msisdn = ${line.msisdn} and lifted_at is null limit 1) as locked_at,
      (select version from market_policy_versions where market = ${line.market} order by version desc limit 1)
        as policy_version,
      (select language from holder_languages where subscriber_id = ${line.subscriberId}) as language
    ${prepared}`.execute(db);
  const row = rows[0]!;
  return {
    lockedAt: row.locked_at === null ? null : new Date(row.locked_at),
    policyVersion: row.policy_version,
    chosenLanguage: row.language,
  };
}
