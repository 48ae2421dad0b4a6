import type { FastifyInstance } from 'fastify';
import { SimexitError } from '../domain/errors.js';
import type { ServiceContext } from '../services/context.js';
import { authenticate } from '../services/sessions.service.js';
import { clientGrantOf, rememberSession, sessionToken } from './auth.js';

/**
 * Who may call a route at all, decided from its path pattern in this one table, before the request
 * body is parsed or validated: a caller without the right kind of credential learns nothing about a
 * route (not even what its body must look like) and gets 401 (no session) or 403 (a session of the
 * other kind). Roles within staff are checked by each route (domain/permissions.ts). Every /v1 route
 * must appear here; test/security.test.ts walks the registered routes and fails on one that is not.
 */
export type RouteAccess = 'public' | 'subscriber' | 'staff' | 'client';

const rules: [prefix: string, access: RouteAccess][] = [
  ['/v1/staff/sessions', 'public'],
  ['/v1/auth/', 'public'],
  ['/v1/portal/settings', 'public'],
  // The holder answers an agent's call confirmation from the link texted to the line (the link is the credential).
  ['/v1/call-confirmations/', 'public'],
  ['/v1/staff/', 'staff'],
  ['/v1/admin/', 'staff'],
  ['/v1/cases', 'subscriber'],
  ['/v1/lines', 'subscriber'],
  ['/v1/cancellations', 'subscriber'],
  ['/v1/relying-party/', 'client'],
  // The revocation feed's public key: anyone may verify its answers.
  ['/v1/numbers/revocations/keys', 'public'],
  ['/v1/numbers/', 'client'],
  ['/number-recycling/', 'client'],
  ['/tmf-api/', 'client'],
  // The operator's SM-DP+ (GSMA SGP.22 ES2+): no session or OAuth token; the route checks its shared secret.
  ['/gsma/rsp2/es2plus/', 'public'],
];

/** The access a route pattern needs; null for an API route (/v1) missing from the table. */
export function routeAccess(pattern: string): RouteAccess | null {
  for (const [prefix, access] of rules) if (pattern === prefix || pattern.startsWith(prefix)) return access;
  // Pages, docs, health and the demo operator's routes (which exist only when the demo runs).
  return pattern.startsWith('/v1/') ? null : 'public';
}

export function enforceRouteAccess(app: FastifyInstance, context: ServiceContext): void {
  app.addHook('onRequest', async (request) => {
    const pattern = request.routeOptions.url;
    if (pattern === undefined) return; // no route: the not-found handler answers
    const access = routeAccess(pattern);
    if (access === 'public') return;
    if (access === 'client') {
      if (!(await clientGrantOf(context, request)))
        throw new SimexitError(
          'UNAUTHENTICATED',
          'Send "Authorization: Bearer <token>" with a token from POST /oauth/token.',
        );
      return;
    }
    if (access === null) throw new SimexitError('FORBIDDEN', 'This route has no declared access and is closed.');
    const token = sessionToken(request, access);
    const session = token ? await authenticate(context, token) : null;
    if (!session)
      throw new SimexitError(
        'UNAUTHENTICATED',
        'Sign in first: send "Authorization: Bearer <token>" from a live session, or sign in again in the browser.',
      );
    if (session.kind !== access)
      throw new SimexitError(
        'FORBIDDEN',
        access === 'staff' ? 'Staff only.' : 'This is for subscribers; staff use /v1/staff.',
      );
    rememberSession(request, session);
  });
}

const registered = new WeakMap<FastifyInstance, { method: string; url: string }[]>();

/** Records every route as it is added, so tests (and docs) can walk what the app really serves. */
export function collectRoutes(app: FastifyInstance): void {
  const routes: { method: string; url: string }[] = [];
  registered.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url });
  });
}

/** The routes an app built by buildApp serves (method and path pattern). */
export function routesOf(app: FastifyInstance): readonly { method: string; url: string }[] {
  return registered.get(app) ?? [];
}
