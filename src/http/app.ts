import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { DemoOperator } from '../ports/adapters/demo/index.js';
import { bssContractDocument } from '../ports/adapters/http/bss-openapi.js';
import type { ServiceContext } from '../services/context.js';
import { frameworkErrors, registerErrorHandling, rejectUnstorableText } from './errors.js';
import { keepResponseHeaders, onlyReferencedComponents } from './openapi-transform.js';
import { postgresRateLimitStore } from './rate-limit-store.js';
import { collectRoutes, enforceRouteAccess } from './route-access.js';
import { adminRoutes } from './routes/admin.js';
import { authRoutes } from './routes/auth.js';
import { bulkRunRoutes } from './routes/bulk-runs.js';
import { demoRoutes } from './routes/demo.js';
import { es2plusRoutes } from './routes/es2plus.js';
import { syncDemoClock } from '../services/demo-clock.service.js';
import { createMetrics, healthRoutes } from './routes/health.js';
import { camaraSecuritySchemes } from './routes/number-recycling.js';
import { numberRoutes } from './routes/numbers.js';
import { revocationRoutes } from './routes/revocations.js';
import { loadPortalPage, portalRoutes } from './routes/portal.js';
import { reportRoutes } from './routes/reports.js';
import { tmf622Routes } from './routes/tmf622.js';
import { webhookRoutes } from './routes/webhooks.js';
import { staffCaseRoutes } from './routes/staff-cases.js';
import { staffLineRoutes } from './routes/staff-lines.js';
import { staffReviewRoutes } from './routes/staff-review.js';
import { staffDeskRoutes } from './routes/staff-desk.js';
import { subscriberRoutes } from './routes/subscriber.js';

export interface AppDeps {
  context: ServiceContext;
  demo: DemoOperator | null;
  logger?: Logger;
  /** The built web app (default: dist/web of this package). */
  webDir?: string;
}

export interface RouteDeps extends AppDeps {
  metrics: Registry;
}

/** For JSON, CSV and PDF answers: nothing in them may load, run or be framed. */
const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Request bodies above this are refused (413) unless a route allows more (scanned letters). */
const DEFAULT_BODY_LIMIT = 64 * 1024;

/**
 * Builds the HTTP API without listening, so tests drive it with app.inject(). Routes are thin:
 * validate (zod) → authenticate → authorise → service → present.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  // Typed as Fastify's logger interface, so the app is an ordinary FastifyInstance for the plugins and routes.
  const logger: FastifyBaseLogger = deps.logger ?? deps.context.logger;
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: DEFAULT_BODY_LIMIT,
    trustProxy: false,
    // Long path values reach validation and get a proper message instead of a router error.
    routerOptions: { maxParamLength: 500 },
    frameworkErrors,
    ajv: { customOptions: { coerceTypes: false } },
    // A request that reaches a stopping process on a connection it already had is still answered
    // (the pool and the queue close only after the server), rather than with Fastify's own 503 body.
    return503OnClosing: false,
    // Fastify's own request log carries the raw URL, with numbers, ICCIDs and logins in paths and
    // search terms; the hook below logs the route pattern instead.
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? null,
        statusCode: reply.statusCode,
        responseTimeMs: Math.round(reply.elapsedTime),
      },
      'request completed',
    );
  });
  // Every answer: no caching unless a route says otherwise (answers carry personal data: cases,
  // lines, codes' metadata, tokens), and a Content-Security-Policy that lets nothing run unless a
  // page sets its own (the portal's, and the API docs' through @fastify/swagger-ui's staticCSP).
  app.addHook('onSend', async (_request, reply) => {
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    if (!reply.hasHeader('content-security-policy'))
      void reply.header('content-security-policy', API_CONTENT_SECURITY_POLICY);
  });
  // Once stopping, every answer ends its connection, so keep-alive clients reconnect to a process
  // that stays up and the server's close is not held open by sockets that would idle for minutes.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) void reply.header('connection', 'close');
  });
  collectRoutes(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const portalPage = loadPortalPage(deps.webDir);
  registerErrorHandling(app, { notFoundPage: portalPage.notFound });
  rejectUnstorableText(app);
  // JSON only: a text/plain body is refused as an unsupported media type, not parsed as a string.
  app.removeContentTypeParser('text/plain');

  await app.register(fastifyCookie);
  enforceRouteAccess(app, deps.context);
  await app.register(fastifyHelmet, { contentSecurityPolicy: false });
  // Counted in the database, not in this process: every API process shares one set of windows. With
  // the database down a limited request fails rather than going through unlimited.
  await app.register(fastifyRateLimit, {
    global: false,
    store: postgresRateLimitStore(deps.context.db),
    skipOnError: false,
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'simexit API',
        version: '0.1.0',
        description:
          'Cancel SIM cards, eSIMs and data-only cards. Errors are `{ "error": { "code", "message", "details" } }` with stable codes, ' +
          'each with one HTTP status (docs/ERRORS.md lists them). ' +
          'The contract simexit calls on the operator’s BSS (INTEGRATIONS=http) is at /openapi/bss.json.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, ...camaraSecuritySchemes } },
      security: [{ bearer: [] }],
      tags: [
        { name: 'subscriber', description: 'Self-service: identify, checklist, cancel, track, withdraw' },
        { name: 'staff', description: 'Agents, store staff, clerks and supervisors' },
        { name: 'admin', description: 'Configuration for admins: market policies (versioned) and staff accounts' },
        {
          name: 'numbers',
          description:
            'Number recycling (CAMARA) and number assignments, for relying parties and the activation system',
        },
        { name: 'tmf622', description: 'TM Forum Product Ordering for the operator BSS: terminations as delete items' },
        {
          name: 'esim',
          description: 'GSMA SGP.22 ES2+ functions the operator’s SM-DP+ calls (docs/ESIM-ES2PLUS.md)',
        },
        { name: 'demo', description: 'Only when the demo operator is active' },
        { name: 'operations', description: 'Health and metrics' },
      ],
    },
    transform: keepResponseHeaders(jsonSchemaTransform),
    // Schemas named with .meta({ id }) (the case views, the error body…) become components/schemas.
    transformObject: onlyReferencedComponents(jsonSchemaTransformObject),
  });
  // staticCSP: the docs page gets a policy allowing only its own scripts and styles (by hash).
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', staticCSP: true });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  const bssContract = bssContractDocument();
  app.get('/openapi/bss.json', { schema: { hide: true } }, async () => bssContract);

  // A demo process first takes the demo clock's offset, which another process may have moved.
  if (deps.demo)
    app.addHook('onRequest', async (request) => {
      if (request.url.startsWith('/v1/') || request.url.startsWith('/demo/')) await syncDemoClock(deps.context);
    });
  const routeDeps: RouteDeps = { ...deps, metrics: createMetrics(deps.context) };
  await app.register(healthRoutes(routeDeps));
  await app.register(authRoutes(routeDeps));
  await app.register(subscriberRoutes(routeDeps));
  await app.register(staffLineRoutes(routeDeps));
  await app.register(staffCaseRoutes(routeDeps));
  await app.register(staffReviewRoutes(routeDeps));
  await app.register(staffDeskRoutes(routeDeps));
  await app.register(numberRoutes(routeDeps));
  await app.register(revocationRoutes(routeDeps));
  await app.register(webhookRoutes(routeDeps));
  await app.register(tmf622Routes(routeDeps));
  await app.register(es2plusRoutes(routeDeps));
  await app.register(reportRoutes(routeDeps));
  await app.register(adminRoutes(routeDeps));
  await app.register(bulkRunRoutes(routeDeps));
  await app.register(demoRoutes(routeDeps));
  await app.register(portalRoutes(routeDeps, portalPage));
  return app;
}
