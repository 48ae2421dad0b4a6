import type { BoundService } from '../../../domain/line.js';
import type { BulkSelector } from '../../../domain/bulk-runs.js';
import type { BulkLineRecord, CrmPort, LineRecord, SimSwapPort, SubscriberRecord } from '../../ports.js';
import { sql, type Expression, type Selectable, type SqlBool } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { prepared } from '../../../db/database.js';
import type { DemoDB } from './demo-schema.js';
import { roundTrip, type DemoContext } from './operations.js';
import { DAY } from '../../../domain/time.js';

/** The columns a line record is made of (named: the reads of one line are prepared statements). */
const lineColumns = [
  'msisdn',
  'iccid',
  'subscriber_id',
  'product_type',
  'market',
  'status',
  'esim_profile_state',
  'esim_eid',
  'esim_matching_id',
] as const;
const subscriberColumns = [
  'id',
  'name',
  'email',
  'account_login',
  'date_of_birth',
  'address',
  'id_document_type',
  'id_document_number',
  'market',
  'contact_changed_at',
  'language',
] as const;

function toLine(row: Pick<Selectable<DemoDB['lines']>, (typeof lineColumns)[number]>): LineRecord {
  return {
    msisdn: row.msisdn,
    iccid: row.iccid,
    subscriberId: row.subscriber_id,
    productType: row.product_type,
    market: row.market,
    status: row.status === 'deactivated' ? 'deactivated' : 'active',
    esimProfile:
      row.product_type === 'esim' && row.esim_profile_state
        ? { state: row.esim_profile_state, eid: row.esim_eid, matchingId: row.esim_matching_id }
        : null,
  };
}

function toSubscriber(
  row: Pick<Selectable<DemoDB['subscribers']>, (typeof subscriberColumns)[number]>,
  numbers: { msisdn: string; verified_at: Date | string | null; changed_at: Date | string | null }[],
): SubscriberRecord {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    accountLogin: row.account_login,
    dateOfBirth: row.date_of_birth,
    address: row.address,
    idDocument:
      row.id_document_type && row.id_document_number
        ? { type: row.id_document_type, number: row.id_document_number }
        : null,
    market: row.market,
    contactChangedAt: row.contact_changed_at ? new Date(row.contact_changed_at) : null,
    contactNumbers: numbers.map((number) => ({
      msisdn: number.msisdn,
      verifiedAt: number.verified_at ? new Date(number.verified_at) : null,
      changedAt: number.changed_at ? new Date(number.changed_at) : null,
    })),
    language: row.language,
  };
}

/** The selector as a condition on demo.lines: what a real CRM would answer from its own records. */
function selects(context: DemoContext, selector: BulkSelector): Expression<SqlBool> {
  if (selector.kind === 'unregistered') {
    return sql<SqlBool>`(lines.registered_at is null or lines.registered_at >= ${new Date(`${selector.registeredBefore}T00:00:00Z`)})`;
  }
  const since = new Date(context.clock.now().getTime() - selector.inactiveDays * DAY);
  return sql<SqlBool>`(lines.prepaid and (lines.last_activity_at is null or lines.last_activity_at < ${since}))`;
}

/** The demo CRM: subscribers, their lines and the services bound to each number. */
export function demoCrm(context: DemoContext): CrmPort {
  const { ddb } = context;
  const bulkLines = () =>
    ddb
      .selectFrom('lines')
      .innerJoin('subscribers', 'subscribers.id', 'lines.subscriber_id')
      .selectAll('lines')
      .select(['subscribers.email', 'subscribers.language as account_language'])
      .select(
        sql<string[]>`coalesce((select jsonb_agg(contact.msisdn order by contact.msisdn)
          from demo.contact_numbers contact
          where contact.subscriber_id = lines.subscriber_id and contact.verified_at is not null), '[]'::jsonb)`.as(
          'contact_numbers',
        ),
      );
  const toBulkLine = (
    row: Selectable<DemoDB['lines']> & { email: string; account_language: string | null; contact_numbers: string[] },
  ): BulkLineRecord => ({
    ...toLine(row),
    email: row.email,
    contactNumbers: row.contact_numbers,
    language: row.account_language,
  });
  return {
    lookupLines: (msisdns) =>
      roundTrip(context, async () => {
        if (msisdns.length === 0) return [];
        const rows = await bulkLines().where('lines.msisdn', 'in', msisdns).execute();
        return rows.map(toBulkLine);
      }),
    selectLines: (selector, page) =>
      roundTrip(context, async () => {
        let query = bulkLines()
          .where('lines.market', '=', page.market)
          .where('lines.status', '=', 'active')
          .where(selects(context, selector));
        if (page.after !== null) query = query.where('lines.msisdn', '>', page.after);
        const rows = await query.orderBy('lines.msisdn').limit(page.limit).execute();
        return rows.map(toBulkLine);
      }),
    stillSelected: (selector, msisdns) =>
      roundTrip(context, async () => {
        if (msisdns.length === 0) return [];
        const rows = await ddb
          .selectFrom('lines')
          .select('lines.msisdn')
          .where('lines.msisdn', 'in', msisdns)
          .where(selects(context, selector))
          .execute();
        return rows.map((row) => row.msisdn);
      }),
    findLine: (msisdn) =>
      roundTrip(context, async () => {
        const row = await ddb
          .selectFrom('lines')
          .select(lineColumns)
          .where('msisdn', '=', msisdn)
          .modifyEnd(prepared)
          .executeTakeFirst();
        return row ? toLine(row) : null;
      }),
    getSubscriber: (subscriberId) =>
      roundTrip(context, async () => {
        const row = await ddb
          .selectFrom('subscribers')
          .select(subscriberColumns)
          .select((eb) =>
            jsonArrayFrom(
              eb
                .selectFrom('contact_numbers')
                .select(['msisdn', 'verified_at', 'changed_at'])
                .whereRef('contact_numbers.subscriber_id', '=', 'subscribers.id')
                .orderBy('msisdn'),
            ).as('contact_numbers'),
          )
          .where('id', '=', subscriberId)
          .modifyEnd(prepared)
          .executeTakeFirst();
        return row ? toSubscriber(row, row.contact_numbers) : null;
      }),
    listLines: (subscriberId) =>
      roundTrip(context, async () => {
        const rows = await ddb
          .selectFrom('lines')
          .selectAll()
          .where('subscriber_id', '=', subscriberId)
          .orderBy('msisdn')
          .execute();
        return rows.map(toLine);
      }),
    searchLines: (query) =>
      roundTrip(context, async () => {
        const rows =
          'iccid' in query
            ? await ddb.selectFrom('lines').selectAll().where('iccid', '=', query.iccid).execute()
            : await ddb
                .selectFrom('lines')
                .innerJoin('subscribers', 'subscribers.id', 'lines.subscriber_id')
                .selectAll('lines')
                .where('subscribers.account_login', '=', query.accountLogin)
                .orderBy('lines.msisdn')
                .execute();
        return rows.map(toLine);
      }),
    listBoundServices: (msisdn) =>
      roundTrip(context, async (): Promise<BoundService[]> => {
        const rows = await ddb
          .selectFrom('bound_services')
          .select(['id', 'kind', 'name'])
          .where('msisdn', '=', msisdn)
          .orderBy('id')
          .modifyEnd(prepared)
          .execute();
        return rows.map((row) => ({ id: row.id, kind: row.kind, name: row.name }));
      }),
  };
}

/** The demo network's record of SIM changes, as a CAMARA SIM Swap provider would report them. */
export function demoSimSwap(context: DemoContext): SimSwapPort {
  return {
    latestSimChange: (msisdn) =>
      roundTrip(context, async () => {
        const row = await context.ddb
          .selectFrom('lines')
          .select('sim_changed_at')
          .where('msisdn', '=', msisdn)
          .executeTakeFirst();
        return row?.sim_changed_at ? new Date(row.sim_changed_at) : null;
      }),
  };
}
