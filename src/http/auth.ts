import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SimexitError } from '../domain/errors.js';
import { roleMay, type Permission } from '../domain/permissions.js';
import type { ServiceContext } from '../services/context.js';
import { tokenGrant, type ApiScope } from '../services/api-clients.service.js';
import { authenticate, staffActorOf, subscriberActorOf, type Session } from '../services/sessions.service.js';

/**
 * Two ways to carry a session. API clients send `Authorization: Bearer <token>`. Browsers (the
 * portal, the console) get the same token in an HttpOnly, SameSite=Strict cookie that scripts cannot
 * read, one per kind of session so a subscriber and a staff sign-in in one browser do not collide.
 * A cookie is sent by the browser on its own, so every unsafe request that relies on it must also
 * carry `X-CSRF-Token`: a value derived from the session token that only a page of this origin, having
 * asked `GET /v1/auth/sessions/current`, can know (OWASP "synchronizer token", stateless form).
 */
export const sessionCookies = { subscriber: 'simexit_session', staff: 'simexit_staff_session' } as const;
export type SessionKind = keyof typeof sessionCookies;

const TOKEN = /^[A-Za-z0-9_-]{20,200}$/;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+([A-Za-z0-9_-]{20,200})$/.exec(header.trim());
  return match?.[1] ?? null;
}

/** The CSRF token that goes with a session token: a one-way derivation, useless without the cookie. */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update(`simexit-csrf:${sessionToken}`).digest('base64url');
}

function cookieToken(request: FastifyRequest, kind: SessionKind): string | null {
  const value = request.cookies?.[sessionCookies[kind]];
  return value && TOKEN.test(value) ? value : null;
}

/**
 * The session token of a request: the Authorization header if present, otherwise the browser's cookie
 * for `kind`, which for unsafe methods must come with a matching X-CSRF-Token header.
 */
export function sessionToken(request: FastifyRequest, kind: SessionKind): string | null {
  const bearer = bearerToken(request);
  if (bearer) return bearer;
  const token = cookieToken(request, kind);
  if (!token) return null;
  if (!SAFE_METHODS.has(request.method)) {
    const sent = request.headers['x-csrf-token'];
    const expected = Buffer.from(csrfTokenFor(token));
    const given = Buffer.from(typeof sent === 'string' ? sent : '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new SimexitError(
        'CSRF_TOKEN_INVALID',
        'This request came with the session cookie but without its X-CSRF-Token header. Reload the page and try again.',
      );
    }
  }
  return token;
}

/**
 * Hands a browser its session cookie (HttpOnly, SameSite=Strict; Secure when PUBLIC_URL is https).
 * It is a browser-session cookie with no expiry of its own: the server enforces the session's
 * lifetime, so a device whose clock is wrong neither drops a live session nor keeps a dead one.
 */
export function setSessionCookie(context: ServiceContext, reply: FastifyReply, kind: SessionKind, token: string) {
  reply.setCookie(sessionCookies[kind], token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: context.config.PUBLIC_URL.startsWith('https:'),
    path: '/',
  });
}

export function clearSessionCookie(reply: FastifyReply, kind: SessionKind) {
  reply.clearCookie(sessionCookies[kind], { path: '/' });
}

/** Sessions already resolved for a request (by the route-access hook), so a request looks its session up once. */
const resolvedSessions = new WeakMap<FastifyRequest, Session>();

export function rememberSession(request: FastifyRequest, session: Session): void {
  resolvedSessions.set(request, session);
}

async function sessionOf(context: ServiceContext, request: FastifyRequest, kind: SessionKind): Promise<Session> {
  const known = resolvedSessions.get(request);
  if (known) return known;
  const token = sessionToken(request, kind);
  const session = token ? await authenticate(context, token) : null;
  if (!token || !session) {
    throw new SimexitError(
      'UNAUTHENTICATED',
      'Sign in first: send "Authorization: Bearer <token>" from a live session, or sign in again in the browser.',
    );
  }
  return session;
}

export async function requireSubscriber(context: ServiceContext, request: FastifyRequest) {
  const session = await sessionOf(context, request, 'subscriber');
  if (session.kind !== 'subscriber')
    throw new SimexitError('FORBIDDEN', 'This is for subscribers; staff use /v1/staff.');
  return subscriberActorOf(session);
}

export async function requireStaff(context: ServiceContext, request: FastifyRequest, permission: Permission) {
  const session = await sessionOf(context, request, 'staff');
  if (session.kind !== 'staff' || !session.role) throw new SimexitError('FORBIDDEN', 'Staff only.');
  if (!roleMay(session.role, permission)) {
    throw new SimexitError('FORBIDDEN', `Your role (${session.role}) may not do this.`, { permission });
  }
  return staffActorOf(session);
}

/** An OAuth client's token (POST /oauth/token) with `scope`, for machine-to-machine routes. */
type Grant = NonNullable<Awaited<ReturnType<typeof tokenGrant>>>;

/** Client grants already resolved for a request, so the access hook and the route read the token once. */
const resolvedGrants = new WeakMap<FastifyRequest, Grant | null>();

/** The request's OAuth client grant (null: no token, or not a live one), looked up once per request. */
export async function clientGrantOf(context: ServiceContext, request: FastifyRequest): Promise<Grant | null> {
  if (resolvedGrants.has(request)) return resolvedGrants.get(request)!;
  const token = bearerToken(request);
  const grant = token ? await tokenGrant(context, token) : null;
  resolvedGrants.set(request, grant);
  return grant;
}

export async function requireClient(context: ServiceContext, request: FastifyRequest, scope: ApiScope) {
  const grant = await clientGrantOf(context, request);
  if (!grant)
    throw new SimexitError(
      'UNAUTHENTICATED',
      'Send "Authorization: Bearer <token>" with a token from POST /oauth/token.',
    );
  if (!grant.scopes.includes(scope)) throw new SimexitError('FORBIDDEN', `This needs the scope ${scope}.`, { scope });
  return grant;
}
