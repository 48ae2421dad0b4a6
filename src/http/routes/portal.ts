import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { RouteDeps } from '../app.js';

/** Where `vite build` writes the web app: <package>/dist/web, from src/ (tsx) and dist/ (built) alike. */
export const defaultWebDir = fileURLToPath(new URL('../../../dist/web', import.meta.url));

/**
 * The pages of the subscriber portal. Each is the same single-page app; listing them (instead of a
 * catch-all) keeps every other unknown path a JSON 404 and makes the portal's URLs part of the API's
 * contract: messages link to /cases/:id ("not you? stop it").
 */
export const portalPaths = [
  '/',
  '/identify',
  '/help',
  '/lines',
  '/lines/:msisdn',
  '/lines/:msisdn/cancel',
  '/cases',
  '/cases/:id',
  '/cases/:id/receipt',
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

/** Serves the built web app: hashed assets cached for a year, the page itself never cached. */
export const portalRoutes =
  (deps: RouteDeps, webDir = defaultWebDir): FastifyPluginAsync =>
  async (app) => {
    app.get(
      '/v1/portal/settings',
      { schema: { tags: ['subscriber'], summary: 'What the web app needs to know: whether the demo operator is on' } },
      async () => ({ demo: deps.demo !== null }),
    );

    const indexPath = `${webDir}/index.html`;
    const built = existsSync(indexPath);
    // Read once: the page is small and changes only with a new build (and a restart).
    const page = built ? readFileSync(indexPath, 'utf8') : NOT_BUILT;
    if (built) {
      await app.register(fastifyStatic, {
        root: `${webDir}/assets`,
        prefix: '/assets/',
        immutable: true,
        maxAge: '365d',
        index: false,
        wildcard: true,
      });
    }
    const sendPage = (reply: FastifyReply) =>
      reply
        .status(built ? 200 : 503)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('content-security-policy', CONTENT_SECURITY_POLICY)
        .send(page);
    for (const path of portalPaths) app.get(path, { schema: { hide: true } }, (_request, reply) => sendPage(reply));
  };
