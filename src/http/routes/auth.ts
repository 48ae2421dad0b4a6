import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { answerCallConfirmationByLink, callConfirmationForLink } from '../../services/call-confirmations.service.js';
import { authenticate, endSession } from '../../services/sessions.service.js';
import { startStaffSession } from '../../services/staff-sign-in.service.js';
import { requestSubscriberCode, startSubscriberSession } from '../../services/subscriber-sign-in.service.js';
import { clearSessionCookie, csrfTokenFor, sessionToken, setSessionCookie } from '../auth.js';
import type { RouteDeps } from '../app.js';
import { iccidString, msisdnString } from '../schemas.js';
import { portalLanguage } from '../language.js';
import { sessionKinds, staffRoles } from '../../domain/actors.js';
import { answerOf, errorResponses, noContent } from '../responses.js';

const codeSent = z.object({
  challengeId: z.uuid(),
  expiresAt: z.date(),
  channel: z.enum(['sms', 'email']),
  sentTo: z.string().describe('Where the code went, masked'),
});

/** A new session: its bearer token (also set as a cookie) and the CSRF token a browser sends with it. */
const sessionStarted = {
  token: z.string(),
  expiresAt: z.date(),
  csrfToken: z.string(),
};

const subscriberSession = z.object({
  ...sessionStarted,
  subscriberId: z.string(),
  scope: z.enum(['account', 'line']).describe('The whole account, or the one line the code went to'),
});
const staffSession = z.object({
  ...sessionStarted,
  staff: z.object({ id: z.string(), name: z.string(), role: z.enum(staffRoles) }),
});

const currentSession = z.object({
  session: z
    .object({
      kind: z.enum(sessionKinds),
      scope: z.enum(['account', 'line']).nullable().describe('A subscriber session: the whole account, or one line'),
      msisdns: z.array(z.string()).nullable(),
      role: z.enum(staffRoles).nullable(),
      expiresAt: z.string(),
      csrfToken: z.string(),
    })
    .nullable()
    .describe('Null when signed out'),
});

/** The holder's view of an agent's call confirmation. */
const callConfirmationLink = z.object({
  sentTo: z.string(),
  status: z.enum(['pending', 'confirmed', 'denied', 'expired', 'used', 'void']),
  expiresAt: z.date(),
});

/** Which browser session a cookie-carried request means (bearer tokens say so themselves). */
const kindQuery = z.object({ kind: z.enum(sessionKinds).default('subscriber') }).strict();

export const authRoutes =
  ({ context }: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    // Per-IP limits on top of the per-number limits in the subscriber sign-in service.
    const perMinute = context.config.AUTH_RATE_LIMIT_PER_MINUTE;
    const codeRequestLimit = { rateLimit: { max: perMinute, timeWindow: '1 minute' } };
    const codeAttemptLimit = { rateLimit: { max: 2 * perMinute, timeWindow: '1 minute' } };

    app.post(
      '/v1/auth/codes',
      {
        config: codeRequestLimit,
        schema: {
          tags: ['subscriber'],
          summary:
            'Send a one-time code: to the line (with the ICCID) or to the account e-mail (with the account login)',
          body: z
            .object({
              msisdn: msisdnString,
              iccid: iccidString.optional(),
              accountLogin: z.string().min(1).max(100).optional(),
            })
            .strict()
            .refine((b) => (b.iccid === undefined) !== (b.accountLogin === undefined), {
              message: 'Give either iccid or accountLogin, not both',
            }),
          response: { 201: codeSent, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await requestSubscriberCode(context, request.body, portalLanguage(request))),
    );

    app.post(
      '/v1/auth/sessions',
      {
        config: codeAttemptLimit,
        schema: {
          tags: ['subscriber'],
          summary: 'Exchange a one-time code for a session token (5 wrong codes lock the number)',
          body: z
            .object({ challengeId: z.uuid(), code: z.string().regex(/^\s*\d{6}\s*$/, 'The code has 6 digits') })
            .strict(),
          response: { 201: subscriberSession, ...errorResponses },
        },
      },
      async (request, reply) => {
        const session = await startSubscriberSession(context, request.body, portalLanguage(request));
        setSessionCookie(context, reply, 'subscriber', session.token);
        return reply
          .status(201)
          .send(answerOf(subscriberSession, { ...session, csrfToken: csrfTokenFor(session.token) }));
      },
    );

    app.get(
      '/v1/auth/sessions/current',
      {
        schema: {
          tags: ['subscriber', 'staff'],
          summary:
            'The session in use (null when signed out), with the X-CSRF-Token a browser sends with unsafe requests',
          querystring: kindQuery,
          response: { 200: currentSession, ...errorResponses },
        },
      },
      async (request, reply) => {
        // The answer carries the CSRF token: never kept by a cache.
        reply.header('cache-control', 'no-store');
        // A page asks this on every load; "not signed in" is an answer, not an error.
        const token = sessionToken(request, request.query.kind);
        const session = token ? await authenticate(context, token) : null;
        if (!token || !session || session.kind !== request.query.kind) return { session: null };
        return answerOf(currentSession, {
          session: {
            kind: session.kind,
            scope: session.kind === 'staff' ? null : session.msisdns === null ? 'account' : 'line',
            msisdns: session.msisdns,
            role: session.role,
            expiresAt: session.expiresAt.toISOString(),
            csrfToken: csrfTokenFor(token),
          },
        });
      },
    );

    app.delete(
      '/v1/auth/sessions/current',
      {
        schema: {
          tags: ['subscriber', 'staff'],
          summary: 'Sign out',
          querystring: kindQuery,
          response: { 204: noContent('Signed out'), ...errorResponses },
        },
      },
      async (request, reply) => {
        // The cookie goes whatever happens, so a page that lost its CSRF token can still sign out;
        // the session itself is revoked only by a request that proves it is the page's own.
        clearSessionCookie(reply, request.query.kind);
        const token = sessionToken(request, request.query.kind);
        if (token) await endSession(context, token);
        return reply.status(204).send();
      },
    );

    // The holder's side of an agent's call confirmation: the link in the text to the line is the
    // credential (32 random bytes, stored hashed), so these are public like the sign-in routes.
    const linkParams = z
      .object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'Open the link from the text message as it is') })
      .strict();
    app.get(
      '/v1/call-confirmations/:token',
      {
        config: codeAttemptLimit,
        schema: {
          tags: ['subscriber'],
          summary: 'The call an agent asked this line to confirm: masked number and whether an answer is wanted',
          params: linkParams,
          response: { 200: callConfirmationLink, ...errorResponses },
        },
      },
      async (request) => callConfirmationForLink(context, request.params.token),
    );
    for (const [path, answer] of [
      ['confirm', 'confirm'],
      ['deny', 'deny'],
    ] as const) {
      app.post(
        `/v1/call-confirmations/:token/${path}`,
        {
          config: codeAttemptLimit,
          schema: {
            tags: ['subscriber'],
            summary:
              answer === 'confirm'
                ? 'The holder confirms they are on the call with the agent'
                : '"This wasn\'t me": recorded, and every contact on file is told',
            params: linkParams,
            response: { 200: callConfirmationLink, ...errorResponses },
          },
        },
        async (request) => answerCallConfirmationByLink(context, request.params.token, answer),
      );
    }

    app.post(
      '/v1/staff/sessions',
      {
        config: codeAttemptLimit,
        schema: {
          tags: ['staff'],
          summary: 'Staff sign-in with e-mail and password',
          body: z.object({ email: z.email().max(254), password: z.string().min(1).max(200) }).strict(),
          response: { 201: staffSession, ...errorResponses },
        },
      },
      async (request, reply) => {
        const session = await startStaffSession(context, request.body);
        setSessionCookie(context, reply, 'staff', session.token);
        return reply.status(201).send(answerOf(staffSession, { ...session, csrfToken: csrfTokenFor(session.token) }));
      },
    );
  };
