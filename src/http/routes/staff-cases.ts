import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SimexitError } from '../../domain/errors.js';
import { assistedChannels, idDocumentTypes } from '../../domain/evidence.js';
import { messageLanguages } from '../../domain/message-formats.js';
import { filePermissionFor } from '../../domain/permissions.js';
import { attachmentTypes, letterScanTypes } from '../../domain/uploads.js';
import { getCaseDocument, getCaseView, viewOfWrittenCase } from '../../services/case-query.service.js';
import { fileCaseForSubscriber } from '../../services/intake.service.js';
import { sessionTokenHash } from '../../services/sessions.service.js';
import { requireStaff, sessionToken } from '../auth.js';
import { attachment } from '../errors.js';
import type { RouteDeps } from '../app.js';
import { staffCaseView } from '../case-view-schemas.js';
import { answerOf, errorResponses, fileResponse } from '../responses.js';
import {
  cancellationFields,
  caseIdParams,
  idempotencyHeaders,
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

/** Staff filing a case on an assisted channel, reading it and its documents. */
export const staffCaseRoutes =
  ({ context }: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/v1/staff/cases',
      {
        bodyLimit: UPLOAD_BODY_LIMIT,
        schema: {
          tags: ['staff'],
          summary: 'File a cancellation for a subscriber on an assisted channel, recording how identity was proven',
          headers: idempotencyHeaders,
          body: staffCaseBody,
          response: { 200: staffCaseView, 201: staffCaseView, ...errorResponses },
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
          .send(answerOf(staffCaseView, await viewOfWrittenCase(context, actor, result)));
      },
    );

    app.get(
      '/v1/staff/cases/:id',
      {
        schema: {
          tags: ['staff'],
          summary: 'A case with risk, verification, documents, timeline and log',
          params: caseIdParams,
          response: { 200: staffCaseView, ...errorResponses },
        },
      },
      async (request) =>
        answerOf(
          staffCaseView,
          await getCaseView(context, await requireStaff(context, request, 'case.read'), request.params.id),
        ),
    );

    app.get(
      '/v1/staff/cases/:id/documents/:documentId',
      {
        schema: {
          tags: ['staff'],
          summary: 'Download a document attached to a case (e.g. the scanned letter)',
          params: z.object({ id: z.uuid(), documentId: z.uuid() }).strict(),
          response: {
            200: fileResponse('The document as it was uploaded', [
              ...new Set([...attachmentTypes, ...letterScanTypes]),
            ]),
            ...errorResponses,
          },
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
  };
