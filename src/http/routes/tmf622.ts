import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  type FastifyPluginAsyncZod,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isDatabaseUnavailable } from '../../db/database.js';
import { isSimexitError, SimexitError } from '../../domain/errors.js';
import type { CancellationDecisions } from '../../domain/line.js';
import type { CaseState } from '../../domain/lifecycle.js';
import { startOfLocalDate } from '../../domain/working-days.js';
import { withdrawCase } from '../../services/case-actions.service.js';
import { loadCaseView, viewOfWrittenCase } from '../../services/case-query.service.js';
import type { Actor } from '../../services/context.js';
import { fileCaseFromBss, type SubmitResult } from '../../services/intake.service.js';
import { requireClient } from '../auth.js';
import type { RouteDeps } from '../app.js';
import { DATABASE_RETRY_AFTER_SECONDS } from '../errors.js';

/**
 * TM Forum TMF622 Product Ordering (v4) for the operator's BSS: a termination is a productOrder
 * whose item has `action: "delete"` for the line's product. docs/TMF622.md documents the mapping.
 */
const BASE = '/tmf-api/productOrderingManagement/v4';

/**
 * Case state → TMF622 order state. `scheduled` (approved, waiting for the line's end date) is still
 * in progress: the order completes when the line ends, on `expectedCompletionDate`.
 */
export const orderStateOf: Record<CaseState, string> = {
  draft: 'acknowledged',
  submitted: 'acknowledged',
  verifying: 'inProgress',
  eligibility: 'inProgress',
  cooling_off: 'inProgress',
  in_review: 'inProgress',
  scheduled: 'inProgress',
  executing: 'inProgress',
  // A bulk run's line is not an order, but a BSS reading it by id sees it as under way.
  grace_period: 'inProgress',
  needs_info: 'pending',
  awaiting_card_return: 'held',
  completed: 'completed',
  rejected: 'rejected',
  withdrawn: 'cancelled',
  failed: 'failed',
};

const characteristic = z
  .object({ name: z.string().max(100), value: z.unknown(), valueType: z.string().optional() })
  .passthrough();
const orderBody = z
  .object({
    externalId: z.string().min(1).max(200).optional(),
    description: z.string().max(2000).optional(),
    requestedCompletionDate: z.iso.datetime({ offset: true }).optional(),
    relatedParty: z
      .array(z.object({ id: z.string().max(200), role: z.string().max(50) }).passthrough())
      .max(10)
      .optional(),
    productOrderItem: z
      .array(
        z
          .object({
            id: z.string().max(50),
            action: z.string().max(20),
            product: z
              .object({
                id: z.string().max(50).optional(),
                productCharacteristic: z.array(characteristic).max(20).optional(),
              })
              .passthrough(),
          })
          .passthrough(),
      )
      .length(1, 'Exactly one productOrderItem: the line to terminate'),
    '@type': z.string().optional(),
  })
  .passthrough();

function tmfErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  let status = 500;
  let code = 'INTERNAL';
  let reason = 'Server error';
  let message: string | undefined;
  if (isSimexitError(error)) {
    if (error.status < 500)
      ({ status, code, message } = { status: error.status, code: error.code, message: error.message });
    reason = message ?? reason;
  } else if (hasZodFastifySchemaValidationErrors(error) || (error.statusCode && error.statusCode < 500)) {
    status = error.statusCode ?? 400;
    code = 'VALIDATION_FAILED';
    reason = 'The request is not a valid TMF622 ProductOrder_Create.';
    message = error.message;
  } else if (isDatabaseUnavailable(error)) {
    // Nothing was written: the BSS resends the order (with its externalId it is replayed, not doubled).
    status = 503;
    code = 'SERVICE_UNAVAILABLE';
    reason = 'Service briefly unavailable';
    message = `Try again in ${DATABASE_RETRY_AFTER_SECONDS} seconds.`;
    void reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
  }
  if (status >= 500 && status !== 503) request.log.error({ err: error }, 'TMF622 request failed');
  return reply.status(status).send({ '@type': 'Error', code, reason, message, status: String(status) });
}

function characteristicValue(item: z.infer<typeof orderBody>['productOrderItem'][number], name: string): unknown {
  return item.product.productCharacteristic?.find((c) => c.name.toLowerCase() === name.toLowerCase())?.value;
}

/** Our decisions from the order item's characteristics (documented names; anything unknown is ignored). */
function decisionsFrom(item: z.infer<typeof orderBody>['productOrderItem'][number]): CancellationDecisions {
  const disposition = characteristicValue(item, 'balanceDisposition');
  const transferTo = characteristicValue(item, 'balanceTransferTo');
  const acknowledged = characteristicValue(item, 'acknowledgedBoundServices');
  const accept = characteristicValue(item, 'acceptEarlyTerminationCharge');
  let balance: CancellationDecisions['balance'] = null;
  if (disposition === 'refund' || disposition === 'forfeit') balance = { option: disposition };
  else if (disposition === 'transfer') {
    if (typeof transferTo !== 'string') {
      throw new SimexitError(
        'VALIDATION_FAILED',
        'balanceDisposition "transfer" needs the characteristic balanceTransferTo.',
      );
    }
    balance = { option: 'transfer', toMsisdn: transferTo };
  } else if (disposition !== undefined) {
    throw new SimexitError('VALIDATION_FAILED', 'balanceDisposition is one of refund, forfeit, transfer.');
  }
  const ids = Array.isArray(acknowledged)
    ? acknowledged
    : typeof acknowledged === 'string'
      ? acknowledged.split(',')
      : [];
  return {
    acceptEarlyTerminationCharge: accept === true || accept === 'true',
    balance,
    acknowledgedServiceIds: ids
      .map((id) => String(id).trim())
      .filter(Boolean)
      .slice(0, 50),
  };
}

export const tmf622Routes =
  ({ context }: RouteDeps): FastifyPluginAsyncZod =>
  async (instance) => {
    const app = instance.withTypeProvider<ZodTypeProvider>();
    app.setErrorHandler(tmfErrorHandler);

    const present = async (actor: Actor, written: string | SubmitResult, item?: { id: string; productId: string }) => {
      const { row, view } =
        typeof written === 'string'
          ? await loadCaseView(context, actor, written)
          : { row: written.case, view: await viewOfWrittenCase(context, actor, written) };
      const state = orderStateOf[view.state as CaseState] ?? 'inProgress';
      const verification = row.verification as { externalId?: string };
      return {
        id: view.id,
        href: `${BASE}/productOrder/${view.id}`,
        externalId: verification?.externalId ?? undefined,
        state,
        orderDate: view.receivedAt,
        // The line ends as its end date begins in the market's time zone (the line_end timer's instant).
        expectedCompletionDate: startOfLocalDate(view.lineEndsOn, view.timeZone).toISOString(),
        completionDate: view.state === 'completed' ? view.timeline.at(-1)?.at : undefined,
        productOrderItem: [
          {
            id: item?.id ?? '1',
            action: 'delete',
            state,
            product: {
              id: item?.productId ?? view.msisdn,
              productCharacteristic: [{ name: 'MSISDN', value: view.msisdn }],
            },
          },
        ],
        // TMF621-style notes: the case's communication log, oldest first.
        note: view.communications.map((entry, index) => ({
          id: String(index + 1),
          author: entry.direction === 'inbound' ? 'customer' : 'simexit',
          date: entry.at,
          text: entry.subject ? `${entry.subject}\n${entry.body}` : entry.body,
          '@type': 'Note',
        })),
        '@type': 'ProductOrder',
      };
    };

    app.post(
      `${BASE}/productOrder`,
      {
        schema: {
          tags: ['tmf622'],
          summary: 'TMF622: order the termination of a line (productOrderItem.action = delete)',
          body: orderBody,
        },
      },
      async (request, reply) => {
        const grant = await requireClient(context, request, 'tmf622:order');
        const item = request.body.productOrderItem[0]!;
        if (item.action !== 'delete') {
          throw new SimexitError(
            'VALIDATION_FAILED',
            'simexit handles terminations only: productOrderItem.action must be "delete".',
          );
        }
        const msisdn = characteristicValue(item, 'MSISDN') ?? item.product.id;
        if (typeof msisdn !== 'string') {
          throw new SimexitError('VALIDATION_FAILED', 'Name the line: product.id or the characteristic MSISDN.');
        }
        const customer = request.body.relatedParty?.find((party) => party.role.toLowerCase() === 'customer');
        const result = await fileCaseFromBss(
          context,
          grant.clientId,
          {
            msisdn,
            decisions: decisionsFrom(item),
            requestedEndDate: request.body.requestedCompletionDate?.slice(0, 10) ?? null,
            confirmationEmail: null,
            leavingReason: request.body.description ?? null,
            subscriberRef: customer?.id ?? null,
          },
          request.body.externalId ?? null,
        );
        const body = await present({ kind: 'system', id: `bss:${grant.clientId}` }, result, {
          id: item.id,
          productId: item.product.id ?? msisdn,
        });
        return reply
          .status(result.replayed ? 200 : 201)
          .header('location', body.href)
          .send(body);
      },
    );

    app.get(
      `${BASE}/productOrder/:id`,
      {
        schema: {
          tags: ['tmf622'],
          summary: 'TMF622: a termination order with its state and notes',
          params: z.object({ id: z.uuid() }),
        },
      },
      async (request) => {
        const grant = await requireClient(context, request, 'tmf622:order');
        return present({ kind: 'system', id: `bss:${grant.clientId}` }, request.params.id);
      },
    );

    app.post(
      `${BASE}/cancelProductOrder`,
      {
        schema: {
          tags: ['tmf622'],
          summary: 'TMF622: cancel a termination order (possible until execution starts)',
          body: z
            .object({
              productOrder: z.object({ id: z.uuid() }).passthrough(),
              cancellationReason: z.string().max(500).optional(),
            })
            .passthrough(),
        },
      },
      async (request, reply) => {
        const grant = await requireClient(context, request, 'tmf622:order');
        const actor: Actor = { kind: 'system', id: `bss:${grant.clientId}` };
        await withdrawCase(context, actor, request.body.productOrder.id, 'holder_request');
        return reply.status(201).send({
          id: request.body.productOrder.id,
          state: 'done',
          productOrder: await present(actor, request.body.productOrder.id),
          '@type': 'CancelProductOrder',
        });
      },
    );
  };
