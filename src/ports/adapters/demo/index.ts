import type { Insertable } from 'kysely';
import type { Clock } from '../../../clock.js';
import type { Db } from '../../../db/database.js';
import { makeEid } from '../../../domain/esim.js';
import { makeIccid } from '../../../domain/identifiers.js';
import type { Ports } from '../../ports.js';
import { demoBilling } from './billing.js';
import { demoCrm, demoSimSwap } from './crm.js';
import { demoDb, type DemoDB, type DemoDb } from './demo-schema.js';
import { demoEsim } from './esim.js';
import { demoEmail, demoSms } from './inbox.js';
import { demoNumbers, demoProvisioning, demoWebhooks } from './network.js';
import type { DemoContext } from './operations.js';
import { personas, type PersonaLine } from './personas.js';
import { DAY } from '../../../domain/time.js';

/** The demo operator: every port backed by the `demo` schema, plus what a tester needs to drive it. */
export interface DemoOperator {
  /** Every port but name resolution, which is always the machine's (ports/adapters/dns.ts). */
  ports: Omit<Ports, 'dns'>;
  ddb: DemoDb;
  seed(): Promise<{ subscribers: number; lines: number }>;
  seedSyntheticLines(count: number, onProgress?: (done: number) => void): Promise<number>;
  /** Every line the demo operator holds, with its account (the personas' lines for GET /demo/personas). */
  lines(): Promise<{ msisdn: string; iccid: string; subscriber_id: string; status: string }[]>;
  payDebt(msisdn: string): Promise<{ paidMinor: number } | null>;
  /** The holder registers their identity for the line (what a SIM-registration sweep asks for). */
  registerLine(msisdn: string): Promise<boolean>;
  /** The holder uses or tops up the line (what a dormant sweep asks for). */
  recordActivity(msisdn: string): Promise<boolean>;
  inbox(address: string): Promise<{ id: string; channel: string; subject: string; body: string; receivedAt: Date }[]>;
}

/**
 * What the demo CRM records of an eSIM line's profile: its state, and for a profile that went to a
 * phone the phone's EID (made from the number, with valid check digits) and the activation code's
 * matching id. Nothing for other lines.
 */
function demoEsimProfile(line: PersonaLine) {
  if (line.productType !== 'esim') return {};
  const state = line.esimProfileState ?? 'installed';
  const digits = line.msisdn.replace(/\D/g, '');
  return {
    esim_profile_state: state,
    esim_eid: state === 'not_downloaded' ? null : makeEid(`89049032${digits.padStart(22, '0')}`),
    esim_matching_id: `DEMO-${digits}`,
  };
}

export function createDemoOperator(db: Db, clock: Clock, options: { latencyMs?: number } = {}): DemoOperator {
  const context: DemoContext = { ddb: demoDb(db), clock, latencyMs: options.latencyMs ?? 0 };
  const { ddb } = context;
  return {
    ddb,
    ports: {
      crm: demoCrm(context),
      billing: demoBilling(context),
      provisioning: demoProvisioning(context),
      numbers: demoNumbers(context),
      sms: demoSms(context),
      email: demoEmail(context),
      webhooks: demoWebhooks(context),
      simSwap: demoSimSwap(context),
      esim: demoEsim(context),
    },

    /** Inserts the personas; seeding again changes nothing (so `npm start` may run it every time). */
    async seed() {
      const now = clock.now().getTime();
      const daysFromNow = (days: number) => new Date(now + days * DAY);
      let lines = 0;
      await ddb.transaction().execute(async (trx) => {
        for (const persona of personas) {
          const subscriberId = `demo-${persona.key}`;
          await trx
            .insertInto('subscribers')
            .values({
              id: subscriberId,
              persona: persona.key,
              description: persona.description,
              name: persona.name,
              account_login: persona.accountLogin,
              email: persona.email,
              date_of_birth: persona.dateOfBirth,
              address: persona.address,
              id_document_type: persona.idDocument.type,
              id_document_number: persona.idDocument.number,
              market: persona.market,
              contact_changed_at:
                persona.contactChangedDaysAgo === undefined ? null : daysFromNow(-persona.contactChangedDaysAgo),
            })
            .onConflict((conflict) => conflict.column('id').doNothing())
            .execute();
          for (const contact of persona.contactNumbers ?? []) {
            await trx
              .insertInto('contact_numbers')
              .values({
                subscriber_id: subscriberId,
                msisdn: contact.msisdn,
                verified_at: contact.verifiedDaysAgo === undefined ? null : daysFromNow(-contact.verifiedDaysAgo),
                changed_at: daysFromNow(-contact.addedDaysAgo),
              })
              .onConflict((conflict) => conflict.columns(['subscriber_id', 'msisdn']).doNothing())
              .execute();
          }
          for (const line of persona.lines) {
            lines++;
            await trx
              .insertInto('lines')
              .values({
                msisdn: line.msisdn,
                iccid: makeIccid(line.iccidBody),
                subscriber_id: subscriberId,
                product_type: line.productType,
                market: persona.market,
                sim_changed_at: line.simSwappedDaysAgo === undefined ? null : daysFromNow(-line.simSwappedDaysAgo),
                debt_minor: line.debtMinor ?? 0,
                payment_arrangement: line.paymentArrangement ?? false,
                contract_term_ends_on: line.contract
                  ? daysFromNow(line.contract.endsInDays).toISOString().slice(0, 10)
                  : null,
                early_termination_charge_minor: line.contract?.earlyTerminationChargeMinor ?? 0,
                prepaid: line.prepaid !== undefined,
                credit_minor: line.prepaid?.creditMinor ?? 0,
                data_mb: line.prepaid?.dataMb ?? 0,
                // Personas are registered, active customers: no bulk sweep picks them unless a test makes it so.
                registered_at: daysFromNow(-400),
                last_activity_at: daysFromNow(-1),
                ...demoEsimProfile(line),
              })
              .onConflict((conflict) => conflict.column('msisdn').doNothing())
              .execute();
            for (const [index, service] of (line.boundServices ?? []).entries()) {
              await trx
                .insertInto('bound_services')
                .values({
                  id: `${line.msisdn.slice(1)}-${index + 1}`,
                  msisdn: line.msisdn,
                  kind: service.kind,
                  name: service.name,
                })
                .onConflict((conflict) => conflict.column('id').doNothing())
                .execute();
            }
          }
        }
      });
      return { subscribers: personas.length, lines };
    },

    /**
     * Adds `count` synthetic UK prepaid lines (numbers +44 78xx xxxxxx, one subscriber each) in
     * batches, for load and bulk tests. Lines that already exist are skipped.
     */
    async seedSyntheticLines(count, onProgress) {
      const batchSize = 1000;
      let done = 0;
      while (done < count) {
        const size = Math.min(batchSize, count - done);
        const subscribers: Insertable<DemoDB['subscribers']>[] = [];
        const lines: Insertable<DemoDB['lines']>[] = [];
        for (let i = 0; i < size; i++) {
          const n = done + i;
          const serial = String(n).padStart(7, '0');
          const id = `synthetic-${serial}`;
          subscribers.push({
            id,
            persona: null,
            description: null,
            name: `Synthetic Subscriber ${serial}`,
            account_login: `synthetic.${serial}`,
            email: `synthetic.${serial}@example.net`,
            date_of_birth: null,
            address: `${n} Synthetic Street, London`,
            id_document_type: null,
            id_document_number: null,
            market: 'UK',
            contact_changed_at: null,
          });
          lines.push({
            msisdn: `+4478${String(n).padStart(8, '0')}`,
            iccid: makeIccid(`8944200${serial.padStart(11, '0')}`),
            subscriber_id: id,
            product_type: 'sim',
            market: 'UK',
            sim_changed_at: null,
            contract_term_ends_on: null,
            prepaid: true,
            credit_minor: n % 500,
            // Synthetic lines are the bulk sweeps' population: never registered, unused for 200–399 days.
            registered_at: null,
            last_activity_at: new Date(clock.now().getTime() - (200 + (n % 200)) * DAY),
          });
        }
        await ddb.transaction().execute(async (trx) => {
          await trx
            .insertInto('subscribers')
            .values(subscribers)
            .onConflict((c) => c.column('id').doNothing())
            .execute();
          await trx
            .insertInto('lines')
            .values(lines)
            .onConflict((c) => c.doNothing())
            .execute();
        });
        done += size;
        onProgress?.(done);
      }
      return done;
    },

    async lines() {
      return ddb.selectFrom('lines').select(['msisdn', 'iccid', 'subscriber_id', 'status']).execute();
    },

    async payDebt(msisdn) {
      const line = await ddb.selectFrom('lines').select(['debt_minor']).where('msisdn', '=', msisdn).executeTakeFirst();
      if (!line) return null;
      await ddb.updateTable('lines').set({ debt_minor: 0 }).where('msisdn', '=', msisdn).execute();
      return { paidMinor: line.debt_minor };
    },

    async registerLine(msisdn) {
      const updated = await ddb
        .updateTable('lines')
        .set({ registered_at: clock.now() })
        .where('msisdn', '=', msisdn)
        .executeTakeFirst();
      return updated.numUpdatedRows > 0n;
    },

    async recordActivity(msisdn) {
      const updated = await ddb
        .updateTable('lines')
        .set({ last_activity_at: clock.now() })
        .where('msisdn', '=', msisdn)
        .executeTakeFirst();
      return updated.numUpdatedRows > 0n;
    },

    async inbox(address) {
      const rows = await ddb
        .selectFrom('inbox')
        .selectAll()
        .where('recipient', '=', address)
        .orderBy('received_at')
        .orderBy('seq')
        .execute();
      return rows.map((row) => ({
        id: row.message_id,
        channel: row.channel,
        subject: row.subject,
        body: row.body,
        receivedAt: new Date(row.received_at),
      }));
    },
  };
}
