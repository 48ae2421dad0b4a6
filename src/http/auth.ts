import type { FastifyRequest } from 'fastify';
import { SimexitError } from '../domain/errors.js';
import { roleMay, type Permission } from '../domain/permissions.js';
import type { Actor, ServiceContext } from '../services/context.js';
import { tokenGrant, type ApiScope } from '../services/api-clients.service.js';
import { actorOf, authenticate, type Session } from '../services/identity.service.js';

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+([A-Za-z0-9_-]{20,200})$/.exec(header.trim());
  return match?.[1] ?? null;
}

async function sessionOf(context: ServiceContext, request: FastifyRequest): Promise<Session> {
  const token = bearerToken(request);
  const session = token ? await authenticate(context, token) : null;
  if (!session) {
    throw new SimexitError(
      'UNAUTHENTICATED',
      'Sign in first: send "Authorization: Bearer <token>" from a live session.',
    );
  }
  return session;
}

export async function requireSubscriber(context: ServiceContext, request: FastifyRequest) {
  const session = await sessionOf(context, request);
  if (session.kind !== 'subscriber')
    throw new SimexitError('FORBIDDEN', 'This is for subscribers; staff use /v1/staff.');
  return actorOf(session) as Extract<Actor, { kind: 'subscriber' }>;
}

export async function requireStaff(context: ServiceContext, request: FastifyRequest, permission: Permission) {
  const session = await sessionOf(context, request);
  if (session.kind !== 'staff' || !session.role) throw new SimexitError('FORBIDDEN', 'Staff only.');
  if (!roleMay(session.role, permission)) {
    throw new SimexitError('FORBIDDEN', `Your role (${session.role}) may not do this.`, { permission });
  }
  return actorOf(session) as Extract<Actor, { kind: 'staff' }>;
}

/** An OAuth client's token (POST /oauth/token) with `scope`, for machine-to-machine routes. */
export async function requireClient(context: ServiceContext, request: FastifyRequest, scope: ApiScope) {
  const token = bearerToken(request);
  const grant = token ? await tokenGrant(context, token) : null;
  if (!grant)
    throw new SimexitError(
      'UNAUTHENTICATED',
      'Send "Authorization: Bearer <token>" with a token from POST /oauth/token.',
    );
  if (!grant.scopes.includes(scope)) throw new SimexitError('FORBIDDEN', `This needs the scope ${scope}.`, { scope });
  return grant;
}
