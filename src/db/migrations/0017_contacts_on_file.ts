import { sql, type Kysely } from 'kysely';

/**
 * Every contact on file hears about a case (domain/contacts.ts). The demo CRM learns the account's
 * other contact numbers (verified or not, with when each was added or changed), and a bulk run keeps
 * the verified ones of each line beside its e-mail, so its notices reach them without asking the CRM
 * again per batch. Existing run lines keep an empty list.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table demo.contact_numbers (
      subscriber_id text not null references demo.subscribers(id),
      msisdn text not null,
      verified_at timestamptz,
      changed_at timestamptz,
      primary key (subscriber_id, msisdn)
    );

    alter table bulk_run_lines add column contact_numbers jsonb not null default '[]';
  `.execute(db);
}
