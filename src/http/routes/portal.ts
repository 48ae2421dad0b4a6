import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { z } from 'zod';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteDeps } from '../app.js';
import { errorResponses } from '../responses.js';

/** Where `vite build` writes the web app: <package>/dist/web, from src/ (tsx) and dist/ (built) alike. */
export const defaultWebDir = fileURLToPath(new URL('../../../dist/web', import.meta.url));

/**
 * The pages of the subscriber portal. Each is the same single-page app; listing them (instead of a
 * catch-all) keeps every other unknown path a JSON 404 and makes the portal's URLs part of the API's
 * contract: messages link to /cases/:id ("not you? stop it") and /confirm-call/:token (an agent's
 * call confirmation).
 */
export const portalPaths = [
  '/',
  '/identify',
  '/help',
  '/confirm-call/:token',
  '/lines',
  '/lines/:msisdn',
  '/lines/:msisdn/cancel',
  '/cases',
  '/cases/:id',
  '/cases/:id/receipt',
  // The demo operator's inbox for a number or address, readable (the page says so when the demo is off).
  '/inbox/:address',
] as const;

/**
 * The page's Content-Security-Policy: scripts and styles only from this origin (Vite emits no inline
 * script), no plugins, no framing, requests only back to the API. With React escaping every text it
 * renders, a subscriber's words can never run as code here.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>simexit</title></head>
<body><main><h1>The web portal is not built</h1><p>Run <code>npm run build</code> (or <code>npm start</code>, which builds it) and reload.</p>
<p>The API is at <a href="/docs">/docs</a>.</p></main></body></html>`;

/** The web app's one HTML page, read once at start (it changes only with a new build and a restart). */
export interface PortalPage {
  webDir: string;
  built: boolean;
  send(reply: FastifyReply, status?: number): FastifyReply;
  /**
   * For a browser asking for a page that does not exist (GET, wants HTML, not an API path): the app,
   * with status 404, so a person sees a page that says so instead of JSON. Null for everything else.
   */
  notFound(request: FastifyRequest, reply: FastifyReply): FastifyReply | null;
}

const API_PREFIXES = ['/v1/', '/demo/', '/docs', '/openapi', '/oauth/', '/number-recycling/', '/tmf-api/', '/assets/'];

/** Reads one of the web app's pages: `index.html` (the portal) or `console/index.html` (the staff console). */
export function loadPortalPage(webDir = defaultWebDir, file = 'index.html'): PortalPage {
  const indexPath = `${webDir}/${file}`;
  const built = existsSync(indexPath);
  const page = built ? readFileSync(indexPath, 'utf8') : NOT_BUILT;
  const send = (reply: FastifyReply, status = 200) =>
    reply
      .status(built ? status : 503)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .send(page);
  return {
    webDir,
    built,
    send,
    notFound(request, reply) {
      const path = request.url.split('?')[0] ?? '';
      const wantsPage =
        request.method === 'GET' &&
        String(request.headers.accept ?? '').includes('text/html') &&
        !API_PREFIXES.some((prefix) => path.startsWith(prefix));
      return wantsPage && built ? send(reply, 404) : null;
    },
  };
}

/**
 * Serves the built web app: hashed assets cached for a year, the pages themselves never cached. The
 * staff console lives under /console; its pages decide among themselves what exists (all need a
 * staff sign-in, enforced by the API).
 */
export const portalRoutes =
  (deps: RouteDeps, page: PortalPage): FastifyPluginAsync =>
  async (app) => {
    const consolePage = loadPortalPage(page.webDir, 'console/index.html');
    for (const path of ['/console', '/console/*'])
      app.get(path, { schema: { hide: true } }, (_request, reply) => consolePage.send(reply));
    app.get(
      '/v1/portal/settings',
      {
        schema: {
          tags: ['subscriber'],
          summary: 'What the web app needs to know: whether the demo operator is on',
          response: { 200: z.object({ demo: z.boolean() }), ...errorResponses },
        },
      },
      async () => ({ demo: deps.demo !== null }),
    );
    if (page.built) {
      await app.register(fastifyStatic, {
        root: `${page.webDir}/assets`,
        prefix: '/assets/',
        immutable: true,
        // The build writes .br and .gz beside each asset; the one the browser accepts is sent.
        preCompressed: true,
        maxAge: '365d',
        index: false,
        wildcard: true,
      });
    }
    for (const path of portalPaths) app.get(path, { schema: { hide: true } }, (_request, reply) => page.send(reply));
  };
