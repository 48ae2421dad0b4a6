import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isDatabaseUnavailable } from '../../db/database.js';
import {
  ES2PLUS_ADMIN_PROTOCOL,
  es2plusCodes,
  es2plusIccid,
  functionExecutionStatuses,
  type StatusCodeData,
} from '../../domain/esim.js';
import { recordDownloadProgressInfo } from '../../services/esim-notifications.service.js';
import type { RouteDeps } from '../app.js';
import { DATABASE_RETRY_AFTER_SECONDS } from '../errors.js';
import { noContent } from '../responses.js';

/**
 * The operator side of GSMA SGP.22 ES2+ that the SM-DP+ calls: `POST
 * /gsma/rsp2/es2plus/handleDownloadProgressInfo` (§5.3.5), by which the SM-DP+ reports a profile's
 * progress and what happened to it on the device (deleted, for a line simexit ended). simexit records
 * it on the case of the ICCID (services/esim-notifications.service.ts) and answers in ES2+'s form, not
 * simexit's error envelope: success is 204 No Content (a notification has no output data); a
 * refusal is `{ header: { functionExecutionStatus: { status: 'Failed', statusCodeData } } }`, with HTTP
 * 200 for a function-level refusal (unknown ICCID), 400 for a body that is not the function's JSON,
 * 401 for a caller without the shared secret.
 *
 * Who may call: the SM-DP+ proves itself with a shared secret (ES2PLUS_NOTIFICATION_SECRET) sent as
 * `Authorization: Bearer`, checked before the body is read. ES2+ itself runs over mutually
 * authenticated TLS, but simexit listens on plain HTTP behind the operator's TLS terminator and never
 * sees the peer's certificate: the client certificate is checked there, and the secret is what simexit
 * can check itself (and rotate with a setting). Unset, the endpoint refuses everyone.
 */

const statusCodeData = z.looseObject({
  subjectCode: z.string().max(32),
  reasonCode: z.string().max(32),
  subjectIdentifier: z.string().max(256).optional(),
  message: z.string().max(2000).optional(),
});

/** ES2+'s answer header (SGP.22 §6.5.1.4). */
const es2plusAnswer = z
  .object({
    header: z.object({
      functionExecutionStatus: z.object({
        status: z.enum(functionExecutionStatuses),
        statusCodeData: statusCodeData.optional(),
      }),
    }),
  })
  .describe('ES2+ answer header (GSMA SGP.22 §6.5.1.4): the function execution status and why it failed');

/**
 * HandleDownloadProgressInfo's input (SGP.22 §5.3.5). Loose on purpose, unlike simexit's own routes:
 * later SGP.22 versions add fields (e.g. the device's IMEI) that an SM-DP+ sends whatever version
 * simexit was written against, and refusing them would lose the notification.
 */
const downloadProgressInfo = z.looseObject({
  header: z.looseObject({
    functionRequesterIdentifier: z.string().min(1).max(256),
    functionCallIdentifier: z.string().min(1).max(256),
  }),
  eid: z
    .string()
    .regex(/^\d{32}$/)
    .optional(),
  iccid: z.string().regex(/^\d{19,20}[Ff]?$/, { error: 'iccid must be 19 or 20 digits (a 20th F is padding).' }),
  profileType: z.string().max(256),
  timestamp: z.string().min(1).max(64).describe('W3C date-time, YYYY-MM-DDThh:mm:ssTZD'),
  // JSON bindings send it as a number or as a decimal string.
  notificationPointId: z.union([z.number().int().min(0).max(65535), z.string().regex(/^\d{1,5}$/)]),
  notificationPointStatus: z.looseObject({
    status: z.enum(functionExecutionStatuses),
    statusCodeData: statusCodeData.optional(),
  }),
  resultData: z.string().max(100_000).optional(),
});

const failed = (codes: StatusCodeData, message: string) => ({
  header: { functionExecutionStatus: { status: 'Failed' as const, statusCodeData: { ...codes, message } } },
});

/** The shared secret, compared in constant time (over digests, so lengths do not leak either). */
function holdsSecret(request: FastifyRequest, secret: string | undefined): boolean {
  if (!secret) return false;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  if (!match) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(match[1]!), digest(secret));
}

function es2plusErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  void reply.header('x-admin-protocol', ES2PLUS_ADMIN_PROTOCOL);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issue = error.validation[0]!;
    const field = String(issue.instancePath).split('/').filter(Boolean).join('.') || 'body';
    return reply.status(400).send(failed(es2plusCodes.invalidFormat, `${field}: ${issue.message}`));
  }
  if (error.statusCode !== undefined && error.statusCode < 500)
    return reply.status(400).send(failed(es2plusCodes.invalidFormat, 'Send the function as a JSON object.'));
  if (isDatabaseUnavailable(error))
    return reply
      .status(503)
      .header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS))
      .send(failed({ subjectCode: '1.2', reasonCode: '5.1' }, 'Briefly unavailable; nothing was recorded. Retry.'));
  request.log.error({ err: error }, 'ES2+ notification failed');
  return reply
    .status(500)
    .send(failed({ subjectCode: '1.2', reasonCode: '4.2' }, `Not recorded (request ${request.id}). Retry.`));
}

export const es2plusRoutes =
  ({ context }: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(async (plugin) => {
      const instance = plugin.withTypeProvider<ZodTypeProvider>();
      instance.setErrorHandler(es2plusErrorHandler);
      // Before the body is parsed: a caller without the secret learns nothing about the function.
      instance.addHook('onRequest', async (request, reply) => {
        if (holdsSecret(request, context.config.ES2PLUS_NOTIFICATION_SECRET)) return;
        return reply
          .status(401)
          .header('x-admin-protocol', ES2PLUS_ADMIN_PROTOCOL)
          .header('www-authenticate', 'Bearer')
          .send(failed(es2plusCodes.requesterUnknown, 'Send the shared secret as "Authorization: Bearer <secret>".'));
      });
      instance.post(
        '/gsma/rsp2/es2plus/handleDownloadProgressInfo',
        {
          schema: {
            tags: ['esim'],
            summary: 'ES2+ HandleDownloadProgressInfo: the SM-DP+ reports what happened to a profile (GSMA SGP.22)',
            // The global bearer scheme: the SM-DP+'s shared secret (ES2PLUS_NOTIFICATION_SECRET).
            body: downloadProgressInfo,
            response: {
              200: es2plusAnswer.describe('The function failed (e.g. 8.2.1/3.9: no case for this ICCID)'),
              204: noContent('Recorded on the case of the ICCID (or recorded before: the same call again)'),
              '4xx': es2plusAnswer,
              '5xx': es2plusAnswer,
            },
          },
        },
        async (request, reply) => {
          void reply.header('x-admin-protocol', ES2PLUS_ADMIN_PROTOCOL);
          const body = request.body;
          const iccid = es2plusIccid(body.iccid);
          if (!iccid) return reply.status(400).send(failed(es2plusCodes.invalidFormat, 'iccid: not an ICCID'));
          const outcome = await recordDownloadProgressInfo(context, {
            requesterId: body.header.functionRequesterIdentifier,
            functionCallIdentifier: body.header.functionCallIdentifier,
            iccid,
            eid: body.eid ?? null,
            profileType: body.profileType,
            timestamp: body.timestamp,
            notificationPointId: Number(body.notificationPointId),
            notificationPointStatus: body.notificationPointStatus,
            resultData: body.resultData ?? null,
          });
          if (outcome === 'unknown_iccid')
            return reply.status(200).send(failed(es2plusCodes.iccidUnknown, 'No line with this ICCID is known here.'));
          return reply.status(204).send();
        },
      );
    });
  };
