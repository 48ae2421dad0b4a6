import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { leavingReasons } from '../../domain/leaving-reasons.js';
import { noDecisions } from '../../domain/line.js';
import { writeToCase, recordLeavingReason, withdrawCase } from '../../services/case-actions.service.js';
import { getCaseView, listCasesForSubscriber, viewOfWrittenCase } from '../../services/case-query.service.js';
import { getChecklist } from '../../services/eligibility.service.js';
import { submitCancellation } from '../../services/intake.service.js';
import { lineLockView, lockLine, unlockLine } from '../../services/line-locks.service.js';
import { lineForActor } from '../../services/eligibility.service.js';
import { renderConfirmationLetter, renderReceipt } from '../../services/receipt.service.js';
import { inTransaction } from '../../services/context.js';
import { chosenLanguage, recordLanguageChoice } from '../../services/holder-language.service.js';
import { currentPolicy } from '../../services/policies.service.js';
import { requireSubscriber } from '../auth.js';
import { portalLanguage } from '../language.js';
import { attachment } from '../errors.js';
import type { RouteDeps } from '../app.js';
import {
  cancellationFields,
  caseIdParams,
  decisionsSchema,
  idempotencyHeaders,
  msisdnParams,
  toDecisions,
  UPLOAD_BODY_LIMIT,
  uploadedContent,
  uploadSchema,
} from '../schemas.js';
import { attachmentTypes } from '../../domain/uploads.js';
import { withdrawalReasons } from '../../domain/lifecycle.js';
import { caseSummary, caseView, checklistAnswer, holderLine } from '../case-view-schemas.js';
import { receiptResponse } from './staff-desk.js';
import { answerOf, errorResponses, fileResponse, noContent } from '../responses.js';

const lineLock = z.object({ msisdn: z.string(), locked: z.boolean(), lockedAt: z.date().nullable() });

const filedCase = caseView.extend({ receiptUrl: z.string().describe('The receipt (PDF) of this case') });

export const subscriberRoutes =
  ({ context }: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    // A holder who acts in the portal (anything but a read) does so in the language it is shown in:
    // their messages follow it from now on, those of their open cases included.
    app.addHook('preHandler', async (request) => {
      if (request.method === 'GET' || request.method === 'HEAD') return;
      const language = portalLanguage(request);
      if (!language) return;
      const actor = await requireSubscriber(context, request);
      // The same language as before (the usual case) costs one read and no transaction.
      if ((await chosenLanguage(context.db, actor.id)) === language) return;
      await inTransaction(context, (tx) => recordLanguageChoice(context, tx, actor.id, language));
    });
    app.get(
      '/v1/lines',
      {
        schema: {
          tags: ['subscriber'],
          summary: 'The lines this session may act on',
          response: {
            200: z.object({
              lines: z.array(holderLine.extend({ timeZone: z.string().describe('The market’s time zone') })),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const actor = await requireSubscriber(context, request);
        const lines = (await context.ports.crm.listLines(actor.id)).filter(
          (line) => actor.scope === null || actor.scope.includes(line.msisdn),
        );
        return {
          lines: await Promise.all(
            lines.map(async (line) => ({
              msisdn: line.msisdn,
              productType: line.productType,
              market: line.market,
              status: line.status,
              // Times about the line (its lock) are shown in the market's zone, named as people say it.
              timeZone: (await currentPolicy(context, line.market, context.db)).timeZone,
            })),
          ),
        };
      },
    );

    app.get(
      '/v1/lines/:msisdn/lock',
      {
        schema: {
          tags: ['subscriber'],
          summary: 'Whether the holder has locked the line against porting and cancellation',
          params: msisdnParams,
          response: { 200: lineLock, ...errorResponses },
        },
      },
      async (request) => {
        const line = await lineForActor(context, await requireSubscriber(context, request), request.params.msisdn);
        return lineLockView(context, line.msisdn);
      },
    );

    app.put(
      '/v1/lines/:msisdn/lock',
      {
        schema: {
          tags: ['subscriber'],
          summary:
            'Lock the line against porting and cancellation (free; every contact on file is told). Setting it again changes nothing',
          params: msisdnParams,
          response: { 200: lineLock, ...errorResponses },
        },
      },
      async (request) => lockLine(context, await requireSubscriber(context, request), request.params.msisdn),
    );

    app.delete(
      '/v1/lines/:msisdn/lock',
      {
        schema: {
          tags: ['subscriber'],
          summary:
            'Lift the lock: only a holder signed in with the account login (code to the account e-mail), never with the line alone',
          params: msisdnParams,
          response: { 200: lineLock, ...errorResponses },
        },
      },
      async (request) => unlockLine(context, await requireSubscriber(context, request), request.params.msisdn),
    );

    app.get(
      '/v1/lines/:msisdn/checklist',
      {
        schema: {
          tags: ['subscriber'],
          summary: 'Eligibility checklist of a line',
          params: msisdnParams,
          response: { 200: checklistAnswer, ...errorResponses },
        },
      },
      async (request) =>
        getChecklist(context, await requireSubscriber(context, request), request.params.msisdn, noDecisions),
    );

    app.post(
      '/v1/lines/:msisdn/checklist',
      {
        schema: {
          tags: ['subscriber'],
          summary: 'The checklist with the holder’s decisions applied (preview before submitting)',
          params: msisdnParams,
          body: z
            .object({
              decisions: decisionsSchema,
              requestedEndDate: cancellationFields.requestedEndDate,
            })
            .strict(),
          response: { 200: checklistAnswer, ...errorResponses },
        },
      },
      async (request) =>
        getChecklist(
          context,
          await requireSubscriber(context, request),
          request.params.msisdn,
          toDecisions(request.body.decisions),
          request.body.requestedEndDate,
        ),
    );

    app.post(
      '/v1/cancellations',
      {
        schema: {
          tags: ['subscriber'],
          summary: 'Cancel a line. The same Idempotency-Key returns the same case; a different body with it is a 409.',
          headers: idempotencyHeaders,
          body: z.object(cancellationFields).strict(),
          response: { 200: filedCase, 201: filedCase, ...errorResponses },
        },
      },
      async (request, reply) => {
        const actor = await requireSubscriber(context, request);
        const body = request.body;
        const result = await submitCancellation(
          context,
          actor,
          { ...body, decisions: toDecisions(body.decisions) },
          request.headers['idempotency-key'] ?? null,
          portalLanguage(request),
        );
        const view = await viewOfWrittenCase(context, actor, result);
        return reply
          .status(result.replayed ? 200 : 201)
          .header('location', `/v1/cases/${result.case.id}`)
          .header('idempotent-replayed', String(result.replayed))
          .send(answerOf(filedCase, { ...view, receiptUrl: `/v1/cases/${result.case.id}/receipt.pdf` }));
      },
    );

    app.get(
      '/v1/cases',
      {
        schema: {
          tags: ['subscriber'],
          summary: 'My cases',
          response: { 200: z.object({ cases: z.array(caseSummary) }), ...errorResponses },
        },
      },
      async (request) => ({
        cases: answerOf(
          z.array(caseSummary),
          await listCasesForSubscriber(context, await requireSubscriber(context, request)),
        ),
      }),
    );

    app.get(
      '/v1/cases/:id',
      {
        schema: {
          tags: ['subscriber'],
          summary: 'A case with its timeline and communication log',
          params: caseIdParams,
          response: { 200: caseView, ...errorResponses },
        },
      },
      async (request) =>
        answerOf(caseView, await getCaseView(context, await requireSubscriber(context, request), request.params.id)),
    );

    app.post(
      '/v1/cases/:id/withdraw',
      {
        schema: {
          tags: ['subscriber'],
          summary: 'Withdraw until execution starts; reason holder_disputed is the “not you? stop it” path',
          params: caseIdParams,
          body: z
            .object({ reason: z.enum(withdrawalReasons).default('holder_request') })
            .strict()
            .default({ reason: 'holder_request' }),
          response: { 200: caseView, ...errorResponses },
        },
      },
      async (request) => {
        const actor = await requireSubscriber(context, request);
        await withdrawCase(context, actor, request.params.id, request.body.reason);
        return answerOf(caseView, await getCaseView(context, actor, request.params.id));
      },
    );

    app.post(
      '/v1/cases/:id/info',
      {
        schema: {
          tags: ['subscriber'],
          summary:
            'Write on an open case (a question, a document, chasing a review): answers a request for information, or waits for staff to answer',
          params: caseIdParams,
          body: z
            .object({
              message: z.string().trim().min(1).max(4000),
              attachment: uploadSchema(attachmentTypes).nullable().default(null),
            })
            .strict(),
          response: { 200: caseView, ...errorResponses },
        },
        bodyLimit: UPLOAD_BODY_LIMIT,
      },
      async (request) => {
        const actor = await requireSubscriber(context, request);
        const { message, attachment } = request.body;
        await writeToCase(
          context,
          actor,
          request.params.id,
          message,
          attachment && {
            filename: attachment.filename,
            contentType: attachment.contentType,
            content: uploadedContent(attachment, 'attachment'),
          },
        );
        return answerOf(caseView, await getCaseView(context, actor, request.params.id));
      },
    );

    app.put(
      '/v1/cases/:id/leaving-reason',
      {
        schema: {
          tags: ['subscriber'],
          summary: 'Optional survey: why the holder is leaving. Recorded only; it never changes the case.',
          params: caseIdParams,
          body: z
            .object({ reason: z.enum(leavingReasons), comment: z.string().trim().max(500).nullable().default(null) })
            .strict(),
          response: { 204: noContent('Recorded'), ...errorResponses },
        },
      },
      async (request, reply) => {
        const actor = await requireSubscriber(context, request);
        const { reason, comment } = request.body;
        await recordLeavingReason(context, actor, request.params.id, comment ? `${reason}: ${comment}` : reason);
        return reply.status(204).send();
      },
    );

    app.get(
      '/v1/cases/:id/receipt.pdf',
      {
        schema: {
          tags: ['subscriber'],
          summary: 'The receipt (PDF): what was received, when, and when the line ends',
          params: caseIdParams,
          response: { 200: receiptResponse, ...errorResponses },
        },
      },
      async (request, reply) => {
        const receipt = await renderReceipt(context, await requireSubscriber(context, request), request.params.id);
        return reply
          .type('application/pdf')
          .header('content-disposition', attachment(receipt.filename))
          .send(Buffer.from(receipt.pdf));
      },
    );

    app.get(
      '/v1/cases/:id/confirmation.pdf',
      {
        schema: {
          tags: ['subscriber'],
          summary: 'The confirmation letter (PDF) of a completed cancellation; 409 CASE_NOT_COMPLETED before',
          params: caseIdParams,
          response: { 200: fileResponse('The confirmation letter (PDF)', ['application/pdf']), ...errorResponses },
        },
      },
      async (request, reply) => {
        const letter = await renderConfirmationLetter(
          context,
          await requireSubscriber(context, request),
          request.params.id,
        );
        return reply
          .type('application/pdf')
          .header('content-disposition', attachment(letter.filename))
          .send(Buffer.from(letter.pdf));
      },
    );
  };
