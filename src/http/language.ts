import type { FastifyRequest } from 'fastify';
import { languageFromAcceptLanguage, type MessageLanguage } from '../domain/message-formats.js';

/**
 * The language the holder uses the portal in. The portal sends it as Accept-Language on every API
 * call (web/shared/api.ts sets it to the language the page is shown in, not the browser's list); an
 * API client may send its own. Null when the header names no language simexit writes messages in.
 */
export function portalLanguage(request: FastifyRequest): MessageLanguage | null {
  return languageFromAcceptLanguage(request.headers['accept-language']);
}
