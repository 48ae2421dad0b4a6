import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { noDecisions } from '../../domain/line.js';
import { messageLanguages } from '../../domain/message-formats.js';
import { callConfirmationForAgent, requestCallConfirmation } from '../../services/call-confirmations.service.js';
import { checklistFor, lineForActor, openCaseFor } from '../../services/eligibility.service.js';
import { holderLanguage } from '../../services/holder-language.service.js';
import { sessionTokenHash } from '../../services/sessions.service.js';
import { requireStaff, sessionToken } from '../auth.js';
import type { RouteDeps } from '../app.js';
import { msisdnParams, msisdnString } from '../schemas.js';
import { lineLookup } from '../case-view-schemas.js';
import { errorResponses } from '../responses.js';

/** services/call-confirmations.service.ts CallConfirmationView. */
const callConfirmation = z.object({
  confirmationId: z.uuid(),
  msisdn: z.string(),
  sentTo: z.string().describe('The line the text went to, masked'),
  status: z.enum(['pending', 'confirmed', 'denied', 'expired', 'used', 'void']),
  expiresAt: z.date(),
  confirmedAt: z.date().nullable(),
  deniedAt: z.date().nullable(),
});

/** Staff on a line: looking it up, and asking its holder to confirm the call they are on. */
export const staffLineRoutes =
  ({ context }: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    /** The agent and the session they act from: a call confirmation belongs to both. */
    const agentSession = async (request: Parameters<typeof requireStaff>[1]) => {
      const actor = await requireStaff(context, request, 'case.file.remote');
      return { staffId: actor.id, sessionHash: sessionTokenHash(sessionToken(request, 'staff') ?? '') };
    };

    app.get(
      '/v1/staff/lines/:msisdn',
      {
        schema: {
          tags: ['staff'],
          summary: 'Look up a line: account, checklist and any open case',
          params: msisdnParams,
          response: { 200: lineLookup, ...errorResponses },
        },
      },
      async (request) => {
        const actor = await requireStaff(context, request, 'line.lookup');
        const line = await lineForActor(context, actor, request.params.msisdn);
        const { checklist, subscriber, policy } = await checklistFor(context, line, noDecisions);
        const open = await openCaseFor(context, line.msisdn);
        return {
          line,
          subscriber: {
            id: subscriber.id,
            name: subscriber.name,
            market: subscriber.market,
            address: subscriber.address,
          },
          // What the holder's messages are written in now (their choice, the account's, the market's),
          // and what the agent may record instead: every language simexit writes messages in.
          language: {
            current: await holderLanguage(context.db, {
              subscriberId: subscriber.id,
              accountLanguage: subscriber.language,
              marketLanguage: policy.language,
            }),
            offered: messageLanguages,
          },
          checklist,
          openCaseId: open?.id ?? null,
        };
      },
    );

    app.post(
      '/v1/staff/call-confirmations',
      {
        config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: {
          tags: ['staff'],
          summary:
            'Ask the line on file to confirm this call (reply YES or tap a link); nobody reads a code aloud (phone, chat, e-mail, social)',
          body: z.object({ msisdn: msisdnString }).strict(),
          response: { 201: callConfirmation, ...errorResponses },
        },
      },
      async (request, reply) => {
        const agent = await agentSession(request);
        return reply.status(201).send(await requestCallConfirmation(context, agent, request.body.msisdn));
      },
    );

    app.get(
      '/v1/staff/call-confirmations/:id',
      {
        schema: {
          tags: ['staff'],
          summary: 'Whether the holder confirmed the call (pending, confirmed, denied, expired, used, void)',
          params: z.object({ id: z.uuid() }).strict(),
          response: { 200: callConfirmation, ...errorResponses },
        },
      },
      async (request) => callConfirmationForAgent(context, await agentSession(request), request.params.id),
    );
  };
