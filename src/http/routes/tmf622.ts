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
import { caseStates, type CaseState } from '../../domain/lifecycle.js';
import { startOfLocalDate } from '../../domain/working-days.js';
import { loadCaseView, viewOfWrittenCase } from '../../services/case-query.service.js';
import type { Actor } from '../../services/context.js';
import { fileCaseFromBss, type SubmitResult } from '../../services/intake.service.js';
import { iso } from '../../services/presenters.js';
import {
  bssActor,
  cancellationOfOrder,
  cancelProductOrder,
  listProductOrders,
  loadProductOrderCancellation,
  type ProductOrderCancellationRow,
} from '../../services/product-orders.service.js';
import { requireClient } from '../auth.js';
import type { RouteDeps } from '../app.js';
import { DATABASE_RETRY_AFTER_SECONDS } from '../errors.js';

/**
 * TM Forum TMF622 Product Ordering (v4) for the operator's BSS: a termination is a productOrder
 * whose item has `action: "delete"` for the line's product. docs/TMF622.md documents the mapping.
 */
const BASE = '/tmf-api/productOrderingManagement/v4';

/** TMF622 v4 `ProductOrderStateType`: what a client may filter on (`GET /productOrder?state=`). */
const productOrderStateTypes = [
  'acknowledged',
  'rejected',
  'pending',
  'held',
  'inProgress',
  'cancelled',
  'completed',
  'failed',
  'partial',
  'assessingCancellation',
  'pendingCancellation',
] as const;
/** The order states simexit answers with (a termination is one item: never `partial`). */
const orderStates = [
  'acknowledged',
  'inProgress',
  'pending',
  'held',
  'completed',
  'rejected',
  'cancelled',
  'failed',
] as const;
type OrderState = (typeof orderStates)[number];

/**
 * Case state → TMF622 order state. `scheduled` (approved, waiting for the line's end date) is still
 * in progress: the order completes when the line ends, on `expectedCompletionDate`.
 */
export const orderStateOf: Record<CaseState, OrderState> = {
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

/** Paging (TMF630): `limit` at most this many orders a page, each read whole with its notes. */
const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 20;
/** Beyond any real number of orders, and within PostgreSQL's bigint. */
const MAX_OFFSET = 2_147_483_647;

/** A query value that must be a whole number (no sign, no decimals, no exponent) up to `max`. */
const wholeNumber = (name: string, max: number) =>
  z
    .string()
    .regex(/^\d{1,10}$/, `${name} is a whole number, 0 or more`)
    .transform(Number)
    .pipe(z.number().max(max, `${name} is at most ${max}`));

const listQuery = z
  .object({
    offset: wholeNumber('offset', MAX_OFFSET).optional().describe('Index of the first order of the page (default 0)'),
    limit: wholeNumber('limit', MAX_LIMIT)
      .optional()
      .describe(`Orders in the page (default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT}; 0 gives only X-Total-Count)`),
    state: z
      .string()
      .max(500)
      .transform((value) => value.split(','))
      .pipe(z.array(z.enum(productOrderStateTypes)))
      .optional()
      .describe('Only orders in this state, or in any of a comma-separated list (TMF622 ProductOrderStateType)'),
    externalId: z.string().min(1).max(200).optional().describe('Only the order with this externalId'),
  })
  .strict();

// Response schemas: they document the answers in /openapi.json and keep undeclared fields out of them.
const dateTime = z.iso.datetime({ offset: true });
const tmfError = z
  .object({
    code: z.string(),
    reason: z.string(),
    message: z.string().optional(),
    status: z.string(),
    '@type': z.literal('Error'),
  })
  .describe('TMF Error');
const productOrder = z
  .object({
    id: z.guid(),
    href: z.string(),
    externalId: z.string().optional(),
    state: z.enum(orderStates),
    orderDate: dateTime,
    expectedCompletionDate: dateTime.describe('When the line ends: the start of its end date in its market'),
    completionDate: dateTime.optional(),
    cancellationDate: dateTime.optional().describe('When the order was cancelled (state cancelled)'),
    cancellationReason: z.string().optional(),
    productOrderItem: z.array(
      z.object({
        id: z.string(),
        action: z.literal('delete'),
        state: z.enum(orderStates),
        product: z.object({
          id: z.string(),
          productCharacteristic: z.array(z.object({ name: z.string(), value: z.string() })),
        }),
      }),
    ),
    note: z
      .array(
        z.object({
          id: z.string(),
          author: z.string(),
          date: dateTime,
          text: z.string(),
          '@type': z.literal('Note'),
        }),
      )
      .describe("The case's communication log, oldest first"),
    '@type': z.literal('ProductOrder'),
  })
  .describe('TMF622 ProductOrder');
const cancelProductOrderAnswer = z
  .object({
    id: z.guid().describe('The cancellation request’s own id (not the order’s)'),
    href: z.string(),
    // Stored only once the case is withdrawn (a refusal is an error answer), so always done.
    state: z.literal('done'),
    cancellationReason: z.string().optional(),
    requestedCancellationDate: dateTime.optional(),
    effectiveCancellationDate: dateTime,
    productOrder: productOrder
      .extend({ '@referredType': z.literal('ProductOrder') })
      .describe('The cancelled order: its reference (id, href) and, as it now stands, the order'),
    '@type': z.literal('CancelProductOrder'),
  })
  .describe('TMF622 CancelProductOrder');
const errorAnswers = { '4xx': tmfError, '5xx': tmfError };

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
    reason = 'The request does not fit this TMF622 operation.';
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
      const state = orderStateOf[view.state] ?? 'inProgress';
      const verification = row.verification as { externalId?: string };
      const withdrawal =
        view.state === 'withdrawn' ? view.timeline.findLast((event) => event.to === 'withdrawn') : null;
      // A cancelProductOrder's own reason; otherwise why the holder withdrew (holder_request, holder_disputed).
      const cancellation = withdrawal ? await cancellationOfOrder(context, view.id) : undefined;
      return {
        id: view.id,
        href: `${BASE}/productOrder/${view.id}`,
        externalId: verification?.externalId ?? undefined,
        state,
        orderDate: view.receivedAt!,
        // The line ends as its end date begins in the market's time zone (the line_end timer's instant).
        expectedCompletionDate: startOfLocalDate(view.lineEndsOn, view.timeZone).toISOString(),
        completionDate: view.state === 'completed' ? (view.timeline.at(-1)?.at ?? undefined) : undefined,
        cancellationDate: withdrawal?.at ?? undefined,
        cancellationReason: (cancellation ? cancellation.cancellation_reason : withdrawal?.reason) ?? undefined,
        productOrderItem: [
          {
            id: item?.id ?? '1',
            action: 'delete' as const,
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
          date: entry.at!,
          text: entry.subject ? `${entry.subject}\n${entry.body}` : entry.body,
          '@type': 'Note' as const,
        })),
        '@type': 'ProductOrder' as const,
      };
    };

    const presentCancellation = async (actor: Actor, cancellation: ProductOrderCancellationRow) => ({
      id: cancellation.id,
      href: `${BASE}/cancelProductOrder/${cancellation.id}`,
      state: 'done' as const,
      cancellationReason: cancellation.cancellation_reason ?? undefined,
      requestedCancellationDate: iso(cancellation.requested_cancellation_date) ?? undefined,
      effectiveCancellationDate: iso(cancellation.cancelled_at)!,
      productOrder: { ...(await present(actor, cancellation.case_id)), '@referredType': 'ProductOrder' as const },
      '@type': 'CancelProductOrder' as const,
    });

    app.post(
      `${BASE}/productOrder`,
      {
        schema: {
          tags: ['tmf622'],
          summary: 'TMF622: order the termination of a line (productOrderItem.action = delete)',
          description: 'The same externalId answers the order already filed (200) instead of a new one (201).',
          body: orderBody,
          response: { 200: productOrder, 201: productOrder, ...errorAnswers },
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
        const body = await present(bssActor(grant.clientId), result, {
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
      `${BASE}/productOrder`,
      {
        schema: {
          tags: ['tmf622'],
          summary: 'TMF622: the termination orders this client filed, newest first, a page at a time',
          description: 'Headers: X-Total-Count (orders matching the filters) and X-Result-Count (orders in this page).',
          querystring: listQuery,
          response: { 200: z.array(productOrder), ...errorAnswers },
        },
      },
      async (request, reply) => {
        const grant = await requireClient(context, request, 'tmf622:order');
        const { offset = 0, limit = DEFAULT_LIMIT, state, externalId } = request.query;
        const { total, ids } = await listProductOrders(
          context,
          {
            clientId: grant.clientId,
            states: state ? caseStates.filter((caseState) => state.includes(orderStateOf[caseState])) : null,
            externalId: externalId ?? null,
          },
          { offset, limit },
        );
        const orders = [];
        for (const id of ids) orders.push(await present(bssActor(grant.clientId), id));
        return reply
          .header('x-total-count', String(total))
          .header('x-result-count', String(orders.length))
          .send(orders);
      },
    );

    app.get(
      `${BASE}/productOrder/:id`,
      {
        schema: {
          tags: ['tmf622'],
          summary: 'TMF622: a termination order with its state and notes',
          params: z.object({ id: z.uuid() }),
          response: { 200: productOrder, ...errorAnswers },
        },
      },
      async (request) => {
        const grant = await requireClient(context, request, 'tmf622:order');
        return present(bssActor(grant.clientId), request.params.id);
      },
    );

    app.post(
      `${BASE}/cancelProductOrder`,
      {
        schema: {
          tags: ['tmf622'],
          summary: 'TMF622: cancel a termination order (possible until execution starts)',
          description:
            'Withdraws the order at once (201, a CancelProductOrder with its own id). The same request sent again ' +
            'answers the stored one (200); a different one for an order already cancelled is a 409.',
          body: z
            .object({
              productOrder: z.object({ id: z.uuid() }).passthrough(),
              cancellationReason: z.string().max(500).optional(),
              requestedCancellationDate: z.iso
                .datetime({ offset: true })
                .optional()
                .describe('Not in the future: simexit cancels at once'),
            })
            .passthrough(),
          response: { 200: cancelProductOrderAnswer, 201: cancelProductOrderAnswer, ...errorAnswers },
        },
      },
      async (request, reply) => {
        const grant = await requireClient(context, request, 'tmf622:order');
        const { cancellation, replayed } = await cancelProductOrder(context, grant.clientId, {
          orderId: request.body.productOrder.id,
          reason: request.body.cancellationReason ?? null,
          requestedDate: request.body.requestedCancellationDate
            ? new Date(request.body.requestedCancellationDate)
            : null,
        });
        const body = await presentCancellation(bssActor(grant.clientId), cancellation);
        return reply
          .status(replayed ? 200 : 201)
          .header('location', body.href)
          .send(body);
      },
    );

    app.get(
      `${BASE}/cancelProductOrder/:id`,
      {
        schema: {
          tags: ['tmf622'],
          summary: 'TMF622: a cancellation request, with the order it cancelled',
          params: z.object({ id: z.uuid() }),
          response: { 200: cancelProductOrderAnswer, ...errorAnswers },
        },
      },
      async (request) => {
        const grant = await requireClient(context, request, 'tmf622:order');
        return presentCancellation(
          bssActor(grant.clientId),
          await loadProductOrderCancellation(context, request.params.id),
        );
      },
    );
  };
