import { sql, type Kysely } from 'kysely';

/** UK text-to-switch codes (PAC to port the number, STAC to end the contract), valid 30 days. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table switching_codes (
      code text primary key,
      kind text not null,
      msisdn text not null,
      subscriber_id text not null,
      issued_at timestamptz not null,
      expires_at timestamptz not null
    );
    create index switching_codes_msisdn on switching_codes (msisdn, issued_at desc);
  `.execute(db);
}
