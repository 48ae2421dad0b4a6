import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SimexitError } from '../../domain/errors.js';
import { parseMsisdn } from '../../domain/identifiers.js';
import { personas } from '../../ports/adapters/demo/personas.js';
import { DEMO_STAFF_PASSWORD, demoStaff } from '../../system.js';
import type { RouteDeps } from '../app.js';
import { handleInboundSms, smsKeywords } from '../../services/sms-keywords.service.js';
import { markets } from '../../domain/policy/types.js';
import { staffRoles } from '../../domain/actors.js';
import { calendarDate, errorResponses, instant } from '../responses.js';
import { msisdnParams } from '../schemas.js';
import { advanceDemoClock, readDemoClock } from '../../services/demo-clock.service.js';
import { authenticate, actorOf } from '../../services/sessions.service.js';
import type { Actor, ServiceContext } from '../../services/context.js';
import { sessionToken } from '../auth.js';
import type { FastifyRequest } from 'fastify';

/**
 * Who moved the demo clock, for its audit entry: the staff member or holder signed in on this
 * browser (a cookie that comes without its CSRF header names nobody), else an anonymous visitor.
 */
async function demoVisitor(context: ServiceContext, request: FastifyRequest): Promise<Actor> {
  for (const kind of ['staff', 'subscriber'] as const) {
    try {
      const token = sessionToken(request, kind);
      const session = token ? await authenticate(context, token) : null;
      if (session) return actorOf(session);
    } catch {
      // A cookie without its CSRF header: not this visitor's identity to claim.
    }
  }
  return { kind: 'system', id: 'demo-visitor' };
}

export const demoClockStep = z
  .object({
    by: z
      .string()
      .max(20)
      .describe('How far to move time forward: a whole number and a unit, m, h, d or w (e.g. "24h", "3d")'),
  })
  .strict();

/** services/demo-clock.service.ts DemoClockView. */
export const demoClockView = z.object({
  now: instant.describe('simexit’s time: the wall clock plus the offset'),
  offsetMs: z.number().describe('How far simexit’s time runs ahead of the wall clock'),
});
export const demoClockAdvanced = demoClockView.extend({ advancedByMs: z.number(), timersFired: z.number() });

const demoPersonas = z.object({
  staff: z.object({
    password: z.string(),
    accounts: z.array(z.object({ email: z.string(), role: z.enum(staffRoles) })),
  }),
  personas: z.array(
    z.object({
      key: z.string(),
      description: z.string(),
      covers: z.array(z.string()),
      market: z.enum(markets),
      name: z.string(),
      accountLogin: z.string(),
      email: z.string(),
      dateOfBirth: calendarDate,
      address: z.string(),
      idDocument: z.object({ type: z.string(), number: z.string() }),
      lines: z.array(z.object({ msisdn: z.string(), iccid: z.string(), status: z.string() })),
    }),
  ),
});

const inbox = z.object({
  messages: z.array(
    z.object({ id: z.string(), channel: z.string(), subject: z.string(), body: z.string(), receivedAt: z.date() }),
  ),
});

/**
 * Demo-operator routes: only registered when INTEGRATIONS=demo. They stand in for things that
 * happen outside simexit (reading your phone's messages, paying a bill at the operator).
 */
export const demoRoutes =
  ({ demo, context }: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    if (!demo) return;

    app.get(
      '/demo/personas',
      {
        schema: {
          tags: ['demo'],
          summary: 'The demo personas and their lines',
          response: { 200: demoPersonas, ...errorResponses },
        },
      },
      async () => {
        const lines = await demo.lines();
        return {
          // Published with the demo (printed at start, in the README): one account per role.
          staff: { password: DEMO_STAFF_PASSWORD, accounts: demoStaff.map(({ email, role }) => ({ email, role })) },
          personas: personas.map((persona) => ({
            key: persona.key,
            description: persona.description,
            covers: persona.covers,
            market: persona.market,
            name: persona.name,
            accountLogin: persona.accountLogin,
            email: persona.email,
            // What a store agent checks, and what a mailed letter must match.
            dateOfBirth: persona.dateOfBirth,
            address: persona.address,
            idDocument: persona.idDocument,
            lines: lines
              .filter((line) => line.subscriber_id === `demo-${persona.key}`)
              .map((line) => ({ msisdn: line.msisdn, iccid: line.iccid, status: line.status })),
          })),
        };
      },
    );

    app.get(
      '/demo/inbox/:address',
      {
        schema: {
          tags: ['demo'],
          summary: 'Messages a demo number or e-mail address received (codes, receipts, confirmations)',
          params: z.object({ address: z.string().min(3).max(254) }).strict(),
          response: { 200: inbox, ...errorResponses },
        },
      },
      async (request) => {
        const address = request.params.address.includes('@')
          ? request.params.address.toLowerCase()
          : parseMsisdn(request.params.address);
        return { messages: await demo.inbox(address) };
      },
    );

    app.get(
      '/demo/clock',
      {
        schema: {
          tags: ['demo'],
          summary: 'The demo clock: simexit’s time and how far it runs ahead of the wall clock',
          response: { 200: demoClockView, ...errorResponses },
        },
      },
      async () => readDemoClock(context),
    );

    app.post(
      '/demo/clock/advance',
      {
        schema: {
          tags: ['demo'],
          summary:
            'Move the demo’s time forward (every process agrees); timers that come due fire at once. Audited. The same as POST /v1/admin/demo-clock/advance, open to anyone trying the demo',
          body: demoClockStep,
          response: { 200: demoClockAdvanced, ...errorResponses },
        },
      },
      async (request) => advanceDemoClock(context, await demoVisitor(context, request), request.body.by),
    );

    app.post(
      '/demo/sms/inbound',
      {
        schema: {
          tags: ['demo'],
          summary: 'Text simexit from a demo line (PAC, STAC, INFO, CANCEL), as through an SMSC',
          body: z.object({ from: z.string().min(3).max(32), text: z.string().max(1000) }).strict(),
          response: {
            202: z.object({ keyword: z.enum(smsKeywords).nullable().describe('The keyword read; null: none') }),
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        const keyword = await handleInboundSms(context, {
          from: parseMsisdn(request.body.from),
          text: request.body.text,
        });
        return reply.status(202).send({ keyword });
      },
    );

    app.post(
      '/demo/lines/:msisdn/pay-debt',
      {
        schema: {
          tags: ['demo'],
          summary: 'Pay a demo line’s outstanding bill (as the operator’s payment page would)',
          params: msisdnParams,
          response: { 200: z.object({ paidMinor: z.number() }), ...errorResponses },
        },
      },
      async (request) => {
        const paid = await demo.payDebt(parseMsisdn(request.params.msisdn));
        if (!paid) throw new SimexitError('LINE_NOT_FOUND', 'The demo operator has no such line.');
        return paid;
      },
    );
    app.post(
      '/demo/lines/:msisdn/register',
      {
        schema: {
          tags: ['demo'],
          summary: 'Register the holder’s identity for a demo line (what a SIM-registration run asks for)',
          params: msisdnParams,
          response: { 200: z.object({ registered: z.literal(true) }), ...errorResponses },
        },
      },
      async (request) => {
        if (!(await demo.registerLine(parseMsisdn(request.params.msisdn))))
          throw new SimexitError('LINE_NOT_FOUND', 'The demo operator has no such line.');
        return { registered: true as const };
      },
    );

    app.post(
      '/demo/lines/:msisdn/top-up',
      {
        schema: {
          tags: ['demo'],
          summary: 'Use or top up a demo line (what a dormant-line run asks for)',
          params: msisdnParams,
          response: { 200: z.object({ active: z.literal(true) }), ...errorResponses },
        },
      },
      async (request) => {
        if (!(await demo.recordActivity(parseMsisdn(request.params.msisdn))))
          throw new SimexitError('LINE_NOT_FOUND', 'The demo operator has no such line.');
        return { active: true as const };
      },
    );
  };
