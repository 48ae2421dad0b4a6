import { z } from 'zod';
import {
  balanceMoveSchema,
  boundServiceSchema,
  bulkLineSchema,
  bulkSelectorSchema,
  lineActionResultSchema,
  lineActionSchema,
  standingSchema,
  subscriberSchema,
} from './bss.js';
import { lineSchema } from '../../line-schema.js';

/**
 * The BSS contract (docs/BSS-CONTRACT.md) as an OpenAPI 3.0 document, built from the same zod
 * schemas the HTTP adapters check answers with, so the document cannot drift from the code.
 * Served at /openapi/bss.json for the operator's integrators.
 */
const schema = (type: z.ZodType) => z.toJSONSchema(type, { target: 'openapi-3.0' });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (body: object) => ({ content: { 'application/json': { schema: body } } });
const msisdn = {
  name: 'msisdn',
  in: 'path',
  required: true,
  schema: { type: 'string' },
  description: 'E.164, URL-encoded',
};
const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  required: true,
  schema: { type: 'string' },
  description: 'Apply once per key; answer a repeat with the first result.',
};
const ok = (body: object) => ({ 200: { description: 'OK', ...json(body) } });
const read = (summary: string, body: object, notFound = false) => ({
  get: {
    summary,
    parameters: [msisdn],
    responses: { ...ok(body), ...(notFound ? { 404: { description: 'No such record' } } : {}) },
  },
});
const write = (summary: string, request: object, response: object | null) => ({
  post: {
    summary,
    parameters: [msisdn, idempotencyKey],
    requestBody: { required: true, ...json(request) },
    responses: response ? ok(response) : { 204: { description: 'Done' } },
  },
});

const batchIdempotencyKey = {
  ...idempotencyKey,
  description: 'Derived from the items’ own keys; the items are what must apply once.',
};
const post = (summary: string, request: object, response: object | null, keyed = false) => ({
  post: {
    summary,
    parameters: keyed ? [batchIdempotencyKey] : [],
    requestBody: { required: true, ...json(request) },
    responses: response ? ok(response) : { 204: { description: 'Done' } },
  },
});

export function bssContractDocument() {
  const balanceAction = z.discriminatedUnion('option', [
    z.object({
      option: z.literal('transfer'),
      toMsisdn: z.string(),
      creditMinor: z.number().int(),
      dataMb: z.number().int(),
    }),
    z.object({ option: z.literal('refund'), amountMinor: z.number().int() }),
    z.object({ option: z.literal('forfeit'), creditMinor: z.number().int(), dataMb: z.number().int() }),
  ]);
  return {
    openapi: '3.0.3',
    info: {
      title: 'simexit → operator BSS contract',
      version: '1.0.0',
      description:
        'What simexit calls on the operator’s CRM, billing, network and number inventory with INTEGRATIONS=http. ' +
        'Reads may be retried; writes carry Idempotency-Key and must apply once per key.',
    },
    components: {
      schemas: {
        Line: schema(lineSchema),
        Subscriber: schema(subscriberSchema),
        Standing: schema(standingSchema),
        BoundService: schema(boundServiceSchema),
        BalanceAction: schema(balanceAction),
      },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
    security: [{ bearer: [] }],
    paths: {
      '/crm/lines': {
        get: {
          summary: 'Lines by card serial number, or every line of the account with this login (staff search)',
          parameters: [
            { name: 'iccid', in: 'query', schema: { type: 'string' } },
            { name: 'accountLogin', in: 'query', schema: { type: 'string' } },
          ],
          responses: ok({
            type: 'object',
            properties: { lines: { type: 'array', items: ref('Line') } },
            required: ['lines'],
          }),
        },
      },
      '/crm/lines/{msisdn}': read('A line', ref('Line'), true),
      '/crm/subscribers/{id}': {
        get: {
          summary: 'A subscriber',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { ...ok(ref('Subscriber')), 404: { description: 'No such subscriber' } },
        },
      },
      '/crm/subscribers/{id}/lines': {
        get: {
          summary: 'The subscriber’s lines',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: ok({
            type: 'object',
            properties: { lines: { type: 'array', items: ref('Line') } },
            required: ['lines'],
          }),
        },
      },
      '/crm/lines/{msisdn}/bound-services': read('Services bound to the number', {
        type: 'object',
        properties: { services: { type: 'array', items: ref('BoundService') } },
        required: ['services'],
      }),
      '/billing/lines/{msisdn}/standing': read('Debt, contract and prepaid balance', ref('Standing')),
      '/billing/lines/{msisdn}/closure': write(
        'Stop billing and issue the final bill',
        schema(z.object({ earlyTerminationChargeMinor: z.number().int() })),
        schema(z.object({ finalBillMinor: z.number().int() })),
      ),
      '/billing/lines/{msisdn}/balance-actions': write(
        'Transfer, refund or forfeit the prepaid balance (TMF654-style)',
        ref('BalanceAction'),
        schema(balanceMoveSchema),
      ),
      '/network/lines/{msisdn}/deactivation': write(
        'Deactivate the SIM / eSIM profile and the line',
        schema(z.object({ iccid: z.string() })),
        schema(z.object({ deactivatedAt: z.iso.datetime({ offset: true }) })),
      ),
      '/numbers/{msisdn}/quarantine': write(
        'Quarantine the number until a date',
        schema(z.object({ until: z.iso.datetime() })),
        null,
      ),
      '/numbers/{msisdn}/release': write('Release the number for reassignment', schema(z.object({})), null),
      '/crm/line-lookups': post(
        'Many lines at once, with the account e-mail (bulk runs); unknown numbers are left out',
        schema(z.object({ msisdns: z.array(z.string()).max(5000) })),
        schema(z.object({ lines: z.array(bulkLineSchema) })),
      ),
      '/crm/line-selections': post(
        'Active lines of a market a selector picks, in number order after `after` (keyset paging)',
        schema(
          z.object({
            selector: bulkSelectorSchema,
            market: z.string(),
            after: z.string().nullable(),
            limit: z.number().int(),
          }),
        ),
        schema(z.object({ lines: z.array(bulkLineSchema) })),
      ),
      '/crm/line-selections/check': post(
        'Which of these numbers the selector still picks (the others fixed the cause)',
        schema(z.object({ selector: bulkSelectorSchema, msisdns: z.array(z.string()) })),
        schema(z.object({ msisdns: z.array(z.string()) })),
      ),
      '/network/lines/{msisdn}/bar': write(
        'Bar outgoing calls and texts, or all service',
        schema(z.object({ iccid: z.string(), level: z.enum(['outgoing', 'full']) })),
        schema(z.object({ at: z.iso.datetime({ offset: true }) })),
      ),
      '/network/lines/{msisdn}/unbar': write(
        'Lift every bar on the line',
        schema(z.object({ iccid: z.string() })),
        schema(z.object({ at: z.iso.datetime({ offset: true }) })),
      ),
      '/network/line-actions': post(
        'Bars, unbars and deactivations in one request, each applied once per its own idempotencyKey; one result per action, in order',
        schema(z.object({ actions: z.array(lineActionSchema) })),
        schema(z.object({ results: z.array(lineActionResultSchema) })),
        true,
      ),
      '/numbers/quarantines': post(
        'Quarantine many numbers, each applied once per its own idempotencyKey',
        schema(
          z.object({
            items: z.array(z.object({ msisdn: z.string(), until: z.iso.datetime(), idempotencyKey: z.string() })),
          }),
        ),
        null,
        true,
      ),
    },
  };
}
