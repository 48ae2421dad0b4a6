import { createHash } from 'node:crypto';
import { z } from 'zod';
import { bulkNetworkActions } from '../../../domain/bulk-runs.js';
import { boundServiceKinds } from '../../../domain/line.js';
import { markets } from '../../../domain/policy/types.js';
import type { BillingPort, CrmPort, NumbersPort, ProvisioningPort } from '../../ports.js';
import { lineSchema } from '../../line-schema.js';
import { jsonClient, OutsideSystemUnavailableError, type JsonClient, type JsonClientOptions } from './json-client.js';

/**
 * HTTP adapters for the operator's CRM, billing, network provisioning and number inventory, over
 * the JSON contract in docs/BSS-CONTRACT.md. Every answer is checked against the contract; an
 * answer that does not fit is treated like an outage (the call is retried later), never guessed at.
 */
export const subscriberSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  accountLogin: z.string().nullable(),
  dateOfBirth: z.string().nullable(),
  address: z.string(),
  idDocument: z.object({ type: z.string(), number: z.string() }).nullable(),
  market: z.enum(markets),
  contactChangedAt: z.iso.datetime({ offset: true }).nullable(),
  /** Contact numbers besides the account's lines; older BSS answers without it mean none. */
  contactNumbers: z
    .array(
      z.object({
        msisdn: z.string(),
        verifiedAt: z.iso.datetime({ offset: true }).nullable(),
        changedAt: z.iso.datetime({ offset: true }).nullable(),
      }),
    )
    .default([]),
  /** The account's preferred message language (BCP 47); older BSS answers without it mean none. */
  language: z.string().max(35).nullable().default(null),
});
export const standingSchema = z.object({
  debtMinor: z.number().int(),
  paymentArrangement: z.boolean(),
  contract: z.object({ minimumTermEndsOn: z.iso.date(), earlyTerminationChargeMinor: z.number().int() }).nullable(),
  prepaid: z.object({ creditMinor: z.number().int(), dataMb: z.number().int() }).nullable(),
});
/** A transfer's target line before and after the credit arrived; older BSS answers leave it out. */
export const balanceMoveSchema = z.object({
  reference: z.string(),
  target: z
    .object({
      msisdn: z.string(),
      creditBeforeMinor: z.number().int(),
      creditAfterMinor: z.number().int(),
      dataBeforeMb: z.number().int(),
      dataAfterMb: z.number().int(),
    })
    .nullable()
    .default(null),
});
export const bulkLineSchema = lineSchema.extend({
  email: z.string().nullable(),
  /** The account's verified contact numbers besides its lines. */
  contactNumbers: z.array(z.string()).default([]),
  /** The account's preferred message language (BCP 47), or none. */
  language: z.string().max(35).nullable().default(null),
});
export const bulkSelectorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('unregistered'), registeredBefore: z.iso.date() }),
  z.object({ kind: z.literal('dormant_prepaid'), inactiveDays: z.number().int().min(1) }),
]);
export const lineActionSchema = z.object({
  msisdn: z.string(),
  iccid: z.string(),
  action: z.enum(bulkNetworkActions),
  idempotencyKey: z.string(),
});
export const lineActionResultSchema = z.discriminatedUnion('ok', [
  z.object({ idempotencyKey: z.string(), ok: z.literal(true), at: z.iso.datetime({ offset: true }) }),
  z.object({ idempotencyKey: z.string(), ok: z.literal(false), reason: z.enum(['line_not_found', 'line_not_active']) }),
]);
export const boundServiceSchema = z.object({ id: z.string(), kind: z.enum(boundServiceKinds), name: z.string() });

function parse<T>(client: JsonClient, schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success)
    throw new OutsideSystemUnavailableError(
      client.system,
      `answer outside the contract: ${result.error.issues[0]?.message ?? ''}`,
    );
  return result.data;
}

const enc = encodeURIComponent;

/** A batch is repeatable as a whole when its items are: its own key is derived from theirs. */
const batchKey = (keys: string[]) => `batch:${createHash('sha256').update(keys.join('\n')).digest('hex')}`;

export type BssOptions = Omit<JsonClientOptions, 'system'>;

export function httpBss(options: BssOptions): {
  crm: CrmPort;
  billing: BillingPort;
  provisioning: ProvisioningPort;
  numbers: NumbersPort;
  clients: JsonClient[];
} {
  const crm = jsonClient({ ...options, system: 'crm' });
  const billing = jsonClient({ ...options, system: 'billing' });
  const network = jsonClient({ ...options, system: 'provisioning' });
  const numbers = jsonClient({ ...options, system: 'numbers' });
  return {
    clients: [crm, billing, network, numbers],
    crm: {
      async findLine(msisdn) {
        const { status, body } = await crm.call({ method: 'GET', path: `/crm/lines/${enc(msisdn)}`, accept: [404] });
        return status === 404 ? null : parse(crm, lineSchema, body);
      },
      async getSubscriber(id) {
        const { status, body } = await crm.call({ method: 'GET', path: `/crm/subscribers/${enc(id)}`, accept: [404] });
        if (status === 404) return null;
        const record = parse(crm, subscriberSchema, body);
        const instant = (value: string | null) => (value ? new Date(value) : null);
        return {
          ...record,
          contactChangedAt: instant(record.contactChangedAt),
          contactNumbers: record.contactNumbers.map((contact) => ({
            msisdn: contact.msisdn,
            verifiedAt: instant(contact.verifiedAt),
            changedAt: instant(contact.changedAt),
          })),
        };
      },
      async listLines(subscriberId) {
        const { body } = await crm.call({ method: 'GET', path: `/crm/subscribers/${enc(subscriberId)}/lines` });
        return parse(crm, z.object({ lines: z.array(lineSchema) }), body).lines;
      },
      async searchLines(query) {
        const { body } = await crm.call({ method: 'GET', path: `/crm/lines?${new URLSearchParams(query)}` });
        return parse(crm, z.object({ lines: z.array(lineSchema) }), body).lines;
      },
      async lookupLines(msisdns) {
        const { body } = await crm.call({ method: 'POST', path: '/crm/line-lookups', body: { msisdns } });
        return parse(crm, z.object({ lines: z.array(bulkLineSchema) }), body).lines;
      },
      async selectLines(selector, page) {
        const { body } = await crm.call({ method: 'POST', path: '/crm/line-selections', body: { selector, ...page } });
        return parse(crm, z.object({ lines: z.array(bulkLineSchema) }), body).lines;
      },
      async stillSelected(selector, msisdns) {
        const { body } = await crm.call({
          method: 'POST',
          path: '/crm/line-selections/check',
          body: { selector, msisdns },
        });
        return parse(crm, z.object({ msisdns: z.array(z.string()) }), body).msisdns;
      },
      async listBoundServices(msisdn) {
        const { body } = await crm.call({ method: 'GET', path: `/crm/lines/${enc(msisdn)}/bound-services` });
        return parse(crm, z.object({ services: z.array(boundServiceSchema) }), body).services;
      },
    },
    billing: {
      async getStanding(msisdn) {
        const { body } = await billing.call({ method: 'GET', path: `/billing/lines/${enc(msisdn)}/standing` });
        return parse(billing, standingSchema, body);
      },
      async closeAccount(msisdn, input, key) {
        const { body } = await billing.call({
          method: 'POST',
          path: `/billing/lines/${enc(msisdn)}/closure`,
          body: input,
          idempotencyKey: key,
        });
        return parse(billing, z.object({ finalBillMinor: z.number().int() }), body);
      },
      async moveBalance(msisdn, instruction, key) {
        // TMF654-style: a transfer, refund or forfeit of the prepaid balance, applied once per key.
        const { body } = await billing.call({
          method: 'POST',
          path: `/billing/lines/${enc(msisdn)}/balance-actions`,
          body: instruction,
          idempotencyKey: key,
        });
        return parse(billing, balanceMoveSchema, body);
      },
    },
    provisioning: {
      async deactivateLine(msisdn, iccid, key) {
        const { body } = await network.call({
          method: 'POST',
          path: `/network/lines/${enc(msisdn)}/deactivation`,
          body: { iccid },
          idempotencyKey: key,
        });
        return {
          deactivatedAt: new Date(
            parse(network, z.object({ deactivatedAt: z.iso.datetime({ offset: true }) }), body).deactivatedAt,
          ),
        };
      },
      async barLine(msisdn, iccid, level, key) {
        const { body } = await network.call({
          method: 'POST',
          path: `/network/lines/${enc(msisdn)}/bar`,
          body: { iccid, level },
          idempotencyKey: key,
        });
        return { at: new Date(parse(network, z.object({ at: z.iso.datetime({ offset: true }) }), body).at) };
      },
      async unbarLine(msisdn, iccid, key) {
        const { body } = await network.call({
          method: 'POST',
          path: `/network/lines/${enc(msisdn)}/unbar`,
          body: { iccid },
          idempotencyKey: key,
        });
        return { at: new Date(parse(network, z.object({ at: z.iso.datetime({ offset: true }) }), body).at) };
      },
      async applyLineActions(actions) {
        const { body } = await network.call({
          method: 'POST',
          path: '/network/line-actions',
          body: { actions: actions.map(({ key, ...rest }) => ({ ...rest, idempotencyKey: key })) },
          idempotencyKey: batchKey(actions.map((a) => a.key)),
        });
        const { results } = parse(network, z.object({ results: z.array(lineActionResultSchema) }), body);
        if (results.length !== actions.length || results.some((r, i) => r.idempotencyKey !== actions[i]!.key)) {
          throw new OutsideSystemUnavailableError(
            network.system,
            'answer outside the contract: one result per action, in order',
          );
        }
        return results.map((r) =>
          r.ok
            ? { key: r.idempotencyKey, ok: true, at: new Date(r.at) }
            : { key: r.idempotencyKey, ok: false, reason: r.reason },
        );
      },
    },
    numbers: {
      async quarantine(msisdn, until, key) {
        await numbers.call({
          method: 'POST',
          path: `/numbers/${enc(msisdn)}/quarantine`,
          body: { until: until.toISOString() },
          idempotencyKey: key,
        });
      },
      async quarantineMany(items) {
        await numbers.call({
          method: 'POST',
          path: '/numbers/quarantines',
          body: {
            items: items.map((i) => ({ msisdn: i.msisdn, until: i.until.toISOString(), idempotencyKey: i.key })),
          },
          idempotencyKey: batchKey(items.map((i) => i.key)),
        });
      },
      async release(msisdn, key) {
        await numbers.call({ method: 'POST', path: `/numbers/${enc(msisdn)}/release`, body: {}, idempotencyKey: key });
      },
    },
  };
}
