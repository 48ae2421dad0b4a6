import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SimexitError } from '../../domain/errors.js';
import { noDecisions } from '../../domain/line.js';
import { messageLanguages } from '../../domain/message-formats.js';
import { filePermissionFor } from '../../domain/permissions.js';
import { markets, riskSignals } from '../../domain/policy/types.js';
import { assistedChannels, idDocumentTypes, reviewableChannels } from '../../domain/evidence.js';
import { letterScanTypes } from '../../domain/uploads.js';
import { getCaseDocument, getCaseView, viewOfWrittenCase } from '../../services/case-query.service.js';
import { checklistFor, lineForActor, openCaseFor } from '../../services/eligibility.service.js';
import { callConfirmationForAgent, requestCallConfirmation } from '../../services/call-confirmations.service.js';
import { sessionTokenHash } from '../../services/sessions.service.js';
import { holderLanguage } from '../../services/holder-language.service.js';
import { fileCaseForSubscriber } from '../../services/intake.service.js';
import { listReviewQueue, queueStates } from '../../services/review-queue.service.js';
import {
  approveCase,
  decideInBulk,
  recordCardReturn,
  rejectCase,
  requestInformation,
  retryExecution,
} from '../../services/review.service.js';
import { requireStaff, sessionToken } from '../auth.js';
import { attachment } from '../errors.js';
import type { RouteDeps } from '../app.js';
import {
  cancellationFields,
  caseIdParams,
  iccidString,
  idempotencyHeaders,
  msisdnParams,
  msisdnString,
  rejectionReason,
  toDecisions,
  UPLOAD_BODY_LIMIT,
  uploadedContent,
  uploadSchema,
} from '../schemas.js';

/** The clerk's decision on a letter that contradicts the account (domain/evidence.ts). */
const letterMismatchDecision = z.discriminatedUnion('outcome', [
  z
    .object({
      outcome: z.literal('review'),
      note: z.string().trim().max(1000).nullable().default(null).describe('What the reviewer should know'),
    })
    .strict(),
  z
    .object({
      outcome: z.literal('ask_holder'),
      question: z
        .string()
        .trim()
        .min(1, 'Write the question the holder is to answer.')
        .max(4000)
        .describe('Sent to the holder; the case waits for the answer'),
    })
    .strict(),
  z
    .object({
      outcome: z.literal('reject'),
      reason: rejectionReason,
      note: z.string().trim().max(1000).nullable().default(null),
    })
    .strict()
    .refine((decision) => decision.reason !== 'other' || Boolean(decision.note), {
      message: 'Say why in the note when the reason is "other".',
      path: ['note'],
    }),
]);

const verificationSchema = z.discriminatedUnion('method', [
  z
    .object({
      method: z.literal('line_confirmation'),
      confirmationId: z.uuid().describe('From POST /v1/staff/call-confirmations, once the holder confirmed'),
    })
    .strict(),
  z
    .object({
      method: z.literal('id_document'),
      documentType: z.enum(idDocumentTypes),
      documentNumber: z.string().trim().min(3).max(40),
      holderName: z.string().trim().min(1).max(200),
    })
    .strict(),
  z
    .object({
      method: z.literal('mailed_letter'),
      holderName: z.string().trim().min(1).max(200),
      address: z.string().trim().min(1).max(300).nullable().default(null),
      dateOfBirth: z.iso.date().nullable().default(null),
      accountNumber: z.string().trim().min(1).max(64).nullable().default(null).describe('As quoted in the letter'),
      iccidLastDigits: z
        .string()
        .regex(/^\d{6,20}$/, 'Give the last 6 to 20 digits of the card serial number, digits only.')
        .nullable()
        .default(null)
        .describe('The last digits of the card serial number (ICCID) quoted in the letter'),
      letterDate: z.iso.date(),
      scan: uploadSchema(letterScanTypes),
      onMismatch: letterMismatchDecision
        .nullable()
        .default(null)
        .describe(
          'Required when the letter contradicts the account (else 409 LETTER_MISMATCH): review, ask the holder, or reject with a reason',
        ),
    })
    .strict(),
]);

const staffCaseBody = z
  .object({
    ...cancellationFields,
    channel: z.enum(assistedChannels),
    verification: verificationSchema,
    agentOverride: z.boolean().default(false).describe('Send to manual review whatever the risk rules say'),
    overrideNote: z.string().max(1000).nullable().default(null),
    holderLanguage: z
      .enum(messageLanguages)
      .nullable()
      .default(null)
      .describe("The language the holder asked for their messages in: stored as the holder's choice (audited)"),
  })
  .strict();

export const staffRoutes =
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
        },
      },
      async (request) => callConfirmationForAgent(context, await agentSession(request), request.params.id),
    );

    app.post(
      '/v1/staff/cases',
      {
        bodyLimit: UPLOAD_BODY_LIMIT,
        schema: {
          tags: ['staff'],
          summary: 'File a cancellation for a subscriber on an assisted channel, recording how identity was proven',
          headers: idempotencyHeaders,
          body: staffCaseBody,
        },
      },
      async (request, reply) => {
        const body = request.body;
        const actor = await requireStaff(context, request, filePermissionFor(body.channel));
        const verification =
          body.verification.method === 'mailed_letter'
            ? {
                ...body.verification,
                scan: {
                  filename: body.verification.scan.filename,
                  contentType: body.verification.scan.contentType,
                  content: uploadedContent(body.verification.scan, 'verification.scan'),
                },
              }
            : body.verification;
        const result = await fileCaseForSubscriber(
          context,
          actor,
          { ...body, decisions: toDecisions(body.decisions), verification },
          request.headers['idempotency-key'] ?? null,
          sessionTokenHash(sessionToken(request, 'staff') ?? ''),
        );
        return reply
          .status(result.replayed ? 200 : 201)
          .header('location', `/v1/staff/cases/${result.case.id}`)
          .send(await viewOfWrittenCase(context, actor, result));
      },
    );

    app.get(
      '/v1/staff/cases/:id',
      {
        schema: {
          tags: ['staff'],
          summary: 'A case with risk, verification, documents, timeline and log',
          params: caseIdParams,
        },
      },
      async (request) => getCaseView(context, await requireStaff(context, request, 'case.read'), request.params.id),
    );

    app.get(
      '/v1/staff/cases/:id/documents/:documentId',
      {
        schema: {
          tags: ['staff'],
          summary: 'Download a document attached to a case (e.g. the scanned letter)',
          params: z.object({ id: z.uuid(), documentId: z.uuid() }).strict(),
        },
      },
      async (request, reply) => {
        await requireStaff(context, request, 'case.read');
        const document = await getCaseDocument(context, request.params.id, request.params.documentId);
        if (!document) throw new SimexitError('NOT_FOUND', 'There is no such document on this case.');
        return reply
          .type(document.content_type)
          .header('content-disposition', attachment(document.filename))
          .send(document.content);
      },
    );

    app.get(
      '/v1/staff/review-queue',
      {
        schema: {
          tags: ['staff'],
          summary:
            'Cases waiting for a person: in review by deadline, then those waiting on the subscriber by time left',
          querystring: z
            .object({
              market: z.enum(markets).optional(),
              channel: z.enum(reviewableChannels).optional(),
              riskSignal: z.enum(riskSignals).optional(),
              state: z
                .enum(queueStates)
                .optional()
                .describe('One group only (to_answer: holders waiting for an answer outside review); all when omitted'),
              escalated: z
                .enum(['true', 'false'])
                .transform((value) => value === 'true')
                .optional(),
              cursor: z.string().min(1).max(512).optional().describe('nextCursor of the previous page'),
              limit: z.coerce.number().int().min(1).max(200).default(50),
            })
            .strict(),
        },
      },
      async (request) => {
        await requireStaff(context, request, 'review.queue');
        return listReviewQueue(context, request.query);
      },
    );

    const bulkFields = {
      caseIds: z
        .array(z.uuid())
        .min(1)
        .max(100)
        .refine((ids) => new Set(ids.map((id) => id.toLowerCase())).size === ids.length, {
          message: 'List each case once.',
        }),
      note: z.string().max(2000).nullable().default(null),
    };
    app.post(
      '/v1/staff/cases/bulk',
      {
        schema: {
          tags: ['staff'],
          summary: 'Approve or reject up to 100 cases; each is decided on its own and reported on its own',
          body: z.discriminatedUnion('action', [
            z.object({ action: z.literal('approve'), ...bulkFields }).strict(),
            z.object({ action: z.literal('reject'), reason: rejectionReason, ...bulkFields }).strict(),
          ]),
        },
      },
      async (request) => {
        const actor = await requireStaff(context, request, 'review.bulk');
        const body = request.body;
        const decision =
          body.action === 'approve'
            ? { action: 'approve' as const, note: body.note }
            : { action: 'reject' as const, reason: body.reason, note: body.note };
        return { results: await decideInBulk(context, actor, body.caseIds, decision) };
      },
    );

    const decisionRoute = <B extends z.ZodType>(
      path: string,
      summary: string,
      body: B,
      permission: Parameters<typeof requireStaff>[2],
      act: (actor: Awaited<ReturnType<typeof requireStaff>>, id: string, body: z.infer<B>) => Promise<unknown>,
    ) =>
      app.post(
        `/v1/staff/cases/:id/${path}`,
        { schema: { tags: ['staff'], summary, params: caseIdParams, body } },
        async (request) => {
          const actor = await requireStaff(context, request, permission);
          await act(actor, request.params.id, request.body as z.infer<B>);
          return getCaseView(context, actor, request.params.id);
        },
      );

    decisionRoute(
      'approve',
      'Approve (a second, different supervisor approves where policy demands)',
      z
        .object({ note: z.string().max(2000).nullable().default(null) })
        .strict()
        .default({ note: null }),
      'review.decide',
      (actor, id, body) => approveCase(context, actor, id, body.note),
    );
    decisionRoute(
      'reject',
      'Reject with a reason code; the subscriber may apply again',
      z.object({ reason: rejectionReason, note: z.string().max(2000).nullable().default(null) }).strict(),
      'review.decide',
      (actor, id, body) => rejectCase(context, actor, id, body.reason, body.note),
    );
    decisionRoute(
      'request-info',
      'Ask the subscriber for information; the case waits for the answer',
      z.object({ message: z.string().trim().min(1).max(4000) }).strict(),
      'review.decide',
      (actor, id, body) => requestInformation(context, actor, id, body.message),
    );
    decisionRoute(
      'card-return',
      'Record a returned card; its ICCID must be the case’s card',
      z.object({ iccid: iccidString }).strict(),
      'card_return.record',
      (actor, id, body) => recordCardReturn(context, actor, id, body.iccid),
    );
    decisionRoute(
      'retry',
      'Retry execution of a failed case',
      z.object({}).strict().default({}),
      'execution.retry',
      (actor, id) => retryExecution(context, actor, id),
    );
  };
