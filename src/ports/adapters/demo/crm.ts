import type { BoundService, BoundServiceKind } from '../../../domain/line.js';
import type { Market, ProductType } from '../../../domain/policy/types.js';
import type { CrmPort, LineRecord, SimSwapPort, SubscriberRecord } from '../../ports.js';
import type { Selectable } from 'kysely';
import type { DemoDB } from './demo-schema.js';
import { roundTrip, type DemoContext } from './operations.js';

function toLine(row: Selectable<DemoDB['lines']>): LineRecord {
  return {
    msisdn: row.msisdn,
    iccid: row.iccid,
    subscriberId: row.subscriber_id,
    productType: row.product_type as ProductType,
    market: row.market as Market,
    status: row.status === 'deactivated' ? 'deactivated' : 'active',
  };
}

function toSubscriber(row: Selectable<DemoDB['subscribers']>): SubscriberRecord {
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
    market: row.market as Market,
    contactChangedAt: row.contact_changed_at ? new Date(row.contact_changed_at) : null,
  };
}

/** The demo CRM: subscribers, their lines and the services bound to each number. */
export function demoCrm(context: DemoContext): CrmPort {
  const { ddb } = context;
  return {
    findLine: (msisdn) =>
      roundTrip(context, async () => {
        const row = await ddb.selectFrom('lines').selectAll().where('msisdn', '=', msisdn).executeTakeFirst();
        return row ? toLine(row) : null;
      }),
    getSubscriber: (subscriberId) =>
      roundTrip(context, async () => {
        const row = await ddb.selectFrom('subscribers').selectAll().where('id', '=', subscriberId).executeTakeFirst();
        return row ? toSubscriber(row) : null;
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
          .selectAll()
          .where('msisdn', '=', msisdn)
          .orderBy('id')
          .execute();
        return rows.map((row) => ({ id: row.id, kind: row.kind as BoundServiceKind, name: row.name }));
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
