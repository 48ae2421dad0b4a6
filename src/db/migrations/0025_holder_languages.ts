import { sql, type Kysely } from 'kysely';

/**
 * The language each holder reads their messages in, and the address links in messages point to.
 *
 * - `holder_languages`: the language a holder last chose in the portal (recorded when they sign in or
 *   act there), which outranks the account's language in the CRM and the market's default.
 * - `cases.language`: the language a case's messages are written in, fixed when it is filed (the
 *   holder's choice, else the CRM's, else the market's) and following the holder's later choices while
 *   the case is open. Null for cases filed before this migration: they keep the market's language.
 * - `bulk_run_lines.language`: the account's language in the CRM when the line joined a bulk run.
 * - `demo.subscribers.language`: the demo CRM's stored language of an account (BCP 47, may be null).
 * - `deployment_settings`: values every process shares; `public_url` is the address the API serves
 *   under, so a worker started without PUBLIC_URL links to the API and not to its own default port.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table holder_languages (
      subscriber_id text primary key,
      language text not null check (language in ('en', 'zh-CN', 'de')),
      chosen_at timestamptz not null
    );
    alter table cases add column language text check (language in ('en', 'zh-CN', 'de'));
    alter table bulk_run_lines add column language text;
    alter table demo.subscribers add column language text;
    create table deployment_settings (
      key text primary key,
      value text not null,
      updated_at timestamptz not null
    );
  `.execute(db);
}
