import type { ColumnType, Generated, JSONColumnType, Kysely } from 'kysely';
import type { Db, Tx } from '../../../db/database.js';
import type { EsimProfileState, FinalProfileStatus } from '../../../domain/esim.js';
import type { BoundServiceKind } from '../../../domain/line.js';
import type { Market, ProductType } from '../../../domain/policy/types.js';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** The demo operator's tables (schema `demo`, migration 0002). */
export interface DemoDB {
  subscribers: {
    id: string;
    persona: string | null;
    description: string | null;
    name: string;
    account_login: string | null;
    email: string;
    date_of_birth: string | null;
    address: string;
    id_document_type: string | null;
    id_document_number: string | null;
    market: Market;
    contact_changed_at: Timestamp | null;
    /** The account's preferred message language (BCP 47; migration 0025). */
    language: ColumnType<string | null, string | null | undefined, string | null>;
  };
  lines: {
    msisdn: string;
    iccid: string;
    subscriber_id: string;
    product_type: ProductType;
    market: Market;
    status: Generated<string>;
    sim_changed_at: Timestamp | null;
    debt_minor: Generated<number>;
    payment_arrangement: Generated<boolean>;
    contract_term_ends_on: string | null;
    early_termination_charge_minor: Generated<number>;
    prepaid: Generated<boolean>;
    credit_minor: Generated<number>;
    data_mb: Generated<number>;
    billing_stopped_at: Timestamp | null;
    deactivated_at: Timestamp | null;
    /** What the network bars: `none`, `outgoing` (calls and texts out) or `full`. */
    barring: Generated<string>;
    /** When the holder's identity was registered for the line; null: never (SIM-registration sweeps). */
    registered_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
    /** Last chargeable use (call, text, data, top-up); null: never (dormant sweeps). */
    last_activity_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
    /** An eSIM line's profile as the CRM records it (migration 0034); null for other lines. */
    esim_profile_state: ColumnType<
      EsimProfileState | null,
      EsimProfileState | null | undefined,
      EsimProfileState | null
    >;
    /** The eUICC the profile went to, and the activation code's matching id (migration 0034). */
    esim_eid: ColumnType<string | null, string | null | undefined, string | null>;
    esim_matching_id: ColumnType<string | null, string | null | undefined, string | null>;
    /** What the demo SM-DP+ left the profile as when the line ended (migration 0034). */
    esim_released_as: ColumnType<
      FinalProfileStatus | null,
      FinalProfileStatus | null | undefined,
      FinalProfileStatus | null
    >;
  };
  bound_services: { id: string; msisdn: string; kind: BoundServiceKind; name: string };
  /** The account's contact numbers besides its lines (migration 0017). */
  contact_numbers: {
    subscriber_id: string;
    msisdn: string;
    verified_at: Timestamp | null;
    changed_at: Timestamp | null;
  };
  operations: {
    idempotency_key: string;
    operation: string;
    msisdn: string;
    data: JSONColumnType<Record<string, unknown>, string, string>;
    first_at: Timestamp;
    replays: Generated<number>;
  };
  number_inventory: { msisdn: string; status: string; quarantined_until: Timestamp | null; updated_at: Timestamp };
  inbox: {
    message_id: string;
    channel: string;
    recipient: string;
    subject: string;
    body: string;
    received_at: Timestamp;
    replays: Generated<number>;
    /** Arrival order among messages received at the same instant. */
    seq: Generated<string>;
  };
}

export type DemoDb = Kysely<DemoDB>;

/** The demo operator's view of the shared database, scoped to its own schema. */
export function demoDb(db: Db | Tx): DemoDb {
  return db.withSchema('demo') as unknown as DemoDb;
}
