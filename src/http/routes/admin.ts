import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { markets, riskSignals } from '../../domain/policy/types.js';
import { staffRoles } from '../../domain/actors.js';
import {
  approvePolicyProposal,
  changePolicy,
  listCurrentPolicies,
  listPolicyProposals,
  listPolicyVersions,
  rejectPolicyProposal,
} from '../../services/policies.service.js';
import { addStaffUser, listStaffUsers, updateStaffUser } from '../../services/staff-users.service.js';
import { advanceDemoClock, readDemoClock } from '../../services/demo-clock.service.js';
import { requireStaff } from '../auth.js';
import type { RouteDeps } from '../app.js';
import { demoClockAdvanced, demoClockStep, demoClockView } from './demo.js';
import { answerOf, errorResponses } from '../responses.js';
import { editablePolicyFields } from '../../domain/policy/editing.js';
import { productTypes, refundMethods } from '../../domain/policy/types.js';

const count = z.number().int().min(0);
const signals = z.array(z.enum(riskSignals)).max(riskSignals.length);

/**
 * The editable subset of a market policy (domain/policy/editing.ts says why it is this subset). Zod
 * checks shapes; the market's legal floors and ceilings are domain rules, checked when applied.
 */
const policyChanges = z
  .object({
    coolingOffHours: count.optional(),
    reviewSlaWorkingDays: count.optional(),
    agingDays: count.optional().describe('Number quarantine/aging days before a number may be reassigned'),
    cardReturn: z.object({ deadlineDays: count.optional(), mailingFeeMinor: count.optional() }).strict().optional(),
    balance: z.object({ minimumRefundMinor: count.optional(), refundFeeMinor: count.optional() }).strict().optional(),
    risk: z
      .object({ manualReviewSignals: signals.optional(), secondApproverSignals: signals.optional() })
      .strict()
      .optional(),
  })
  .strict();

// Response schemas.
const signalList = z.array(z.enum(riskSignals));

/** domain/policy/types.ts MarketPolicy. */
const marketPolicy = z
  .object({
    market: z.enum(markets),
    version: z.number(),
    country: z.string(),
    currency: z.string(),
    language: z.string(),
    timeZone: z.string(),
    coolingOffHours: z.number(),
    reviewSlaWorkingDays: z.number(),
    holidays: z.object({ country: z.string(), state: z.string().optional() }),
    termination: z.object({
      contractNotice: z.object({ amount: z.number(), unit: z.enum(['day', 'month']) }),
      asksTerminationKind: z.boolean(),
    }),
    balance: z.object({
      transferAllowed: z.boolean(),
      refundRequired: z.boolean(),
      minimumRefundMinor: z.number(),
      refundFeeMinor: z.number(),
      refundMethod: z.enum(refundMethods),
      refundWithinDays: z.number(),
    }),
    debtPayment: z.object({ url: z.string() }),
    earlyTermination: z.object({ chargeApplies: z.boolean() }),
    cardReturn: z.object({
      productTypes: z.array(z.enum(productTypes)),
      deadlineDays: z.number(),
      mailingFeeMinor: z.number(),
      address: z.string(),
    }),
    agingDays: z.number(),
    needsInfoExpiryDays: z.number(),
    risk: z.object({
      simSwapWindowHours: z.number(),
      pacBlockDaysAfterSimChange: z.number(),
      contactChangeWindowHours: z.number(),
      failedVerificationThreshold: z.number(),
      manualReviewSignals: signalList,
      secondApproverSignals: signalList,
    }),
    sources: z.array(z.string()),
  })
  .meta({ id: 'MarketPolicy' });

const currentPolicy = z.object({
  market: z.enum(markets),
  version: z.number(),
  policy: marketPolicy,
  limits: z
    .record(z.string(), z.object({ min: z.number(), max: z.number(), source: z.string() }))
    .describe('The range each numeric field must stay in, and where it comes from'),
});

const person = z.object({ id: z.string(), name: z.string() });

/** services/policies.service.ts PolicyVersionView. */
const policyVersion = z.object({
  version: z.number(),
  changedBy: person.nullable(),
  changedAt: z.date().nullable(),
  approvedBy: person.nullable(),
  approvedAt: z.date().nullable(),
  note: z.string(),
  changedFields: z.array(z.enum(editablePolicyFields)),
  policy: marketPolicy,
});

/** services/policies.service.ts PolicyProposalView. */
const policyProposal = z.object({
  id: z.uuid(),
  market: z.enum(markets),
  baseVersion: z.number(),
  changes: z.object({
    coolingOffHours: z.number().optional(),
    reviewSlaWorkingDays: z.number().optional(),
    agingDays: z.number().optional(),
    cardReturn: z.object({ deadlineDays: z.number().optional(), mailingFeeMinor: z.number().optional() }).optional(),
    balance: z.object({ minimumRefundMinor: z.number().optional(), refundFeeMinor: z.number().optional() }).optional(),
    risk: z
      .object({ manualReviewSignals: signalList.optional(), secondApproverSignals: signalList.optional() })
      .optional(),
  }),
  weakened: z.array(
    z.object({
      field: z.enum(editablePolicyFields),
      effect: z.string().describe('What the change does, as the second admin reads it'),
      from: z.unknown(),
      to: z.unknown(),
    }),
  ),
  note: z.string(),
  proposedBy: person,
  proposedAt: z.date(),
  state: z.enum(['pending', 'approved', 'rejected']),
  decidedBy: person.nullable(),
  decidedAt: z.date().nullable(),
  decisionNote: z.string().nullable(),
  version: z.number().nullable(),
  stale: z.boolean(),
});

const staffUser = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(staffRoles),
  disabledAt: z.date().nullable(),
  createdAt: z.date(),
});

const marketParams = z.object({ market: z.enum(markets) }).strict();
const proposalParams = z.object({ market: z.enum(markets), id: z.uuid() }).strict();

/** Configuration for admins: market policies (versioned) and staff accounts. */
export const adminRoutes =
  ({ context }: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    // Always registered, so a server without the demo operator refuses clearly (DEMO_CLOCK_UNAVAILABLE).
    app.get(
      '/v1/admin/demo-clock',
      {
        schema: {
          tags: ['admin'],
          summary: 'The demo clock (only when the demo operator runs)',
          response: { 200: demoClockView, ...errorResponses },
        },
      },
      async (request) => {
        await requireStaff(context, request, 'policy.admin');
        return readDemoClock(context);
      },
    );

    app.post(
      '/v1/admin/demo-clock/advance',
      {
        schema: {
          tags: ['admin'],
          summary:
            'Move the demo’s time forward for every process; due timers fire at once. Audited. Refused (409) without the demo operator',
          body: demoClockStep,
          response: { 200: demoClockAdvanced, ...errorResponses },
        },
      },
      async (request) =>
        advanceDemoClock(context, await requireStaff(context, request, 'policy.admin'), request.body.by),
    );

    app.get(
      '/v1/admin/policies',
      {
        schema: {
          tags: ['admin'],
          summary: 'The current policy of every market, with the ranges edits must keep',
          response: { 200: z.object({ policies: z.array(currentPolicy) }), ...errorResponses },
        },
      },
      async (request) => {
        await requireStaff(context, request, 'policy.admin');
        return { policies: answerOf(z.array(currentPolicy), await listCurrentPolicies(context)) };
      },
    );

    app.get(
      '/v1/admin/policies/:market/versions',
      {
        schema: {
          tags: ['admin'],
          summary: 'A market policy’s versions, newest first: who changed which fields, when and why',
          params: marketParams,
          response: {
            200: z.object({ market: z.enum(markets), versions: z.array(policyVersion) }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        await requireStaff(context, request, 'policy.admin');
        return {
          market: request.params.market,
          versions: answerOf(z.array(policyVersion), await listPolicyVersions(context, request.params.market)),
        };
      },
    );

    app.put(
      '/v1/admin/policies/:market',
      {
        schema: {
          tags: ['admin'],
          summary:
            'Save a new version of a market policy (new cases use it, existing cases keep theirs); a change that weakens a safeguard is stored for a second admin (202)',
          params: marketParams,
          body: z
            .object({
              changes: policyChanges,
              note: z.string().trim().min(3).max(500).describe('Why: shown in the history'),
              expectedVersion: z.number().int().min(1).describe('The version the change was made against'),
            })
            .strict(),
          response: {
            200: policyVersion.describe('Applied: the new version'),
            202: z.object({ proposal: policyProposal }).describe('Stored for a second admin'),
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        const actor = await requireStaff(context, request, 'policy.admin');
        const result = await changePolicy(context, actor, request.params.market, request.body);
        if (result.outcome === 'applied') return answerOf(policyVersion, result.version);
        return reply
          .status(202)
          .header('location', `/v1/admin/policies/${request.params.market}/proposals/${result.proposal.id}`)
          .send({ proposal: answerOf(policyProposal, result.proposal) });
      },
    );

    app.get(
      '/v1/admin/policies/:market/proposals',
      {
        schema: {
          tags: ['admin'],
          summary: 'Changes that weaken a safeguard, waiting for a second admin',
          params: marketParams,
          response: {
            200: z.object({ market: z.enum(markets), proposals: z.array(policyProposal) }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        await requireStaff(context, request, 'policy.admin');
        return {
          market: request.params.market,
          proposals: answerOf(z.array(policyProposal), await listPolicyProposals(context, request.params.market)),
        };
      },
    );

    app.post(
      '/v1/admin/policies/:market/proposals/:id/approve',
      {
        schema: {
          tags: ['admin'],
          summary: 'Approve another admin’s change that weakens a safeguard: it becomes the next version',
          params: proposalParams,
          body: z.object({}).strict(),
          response: { 200: policyVersion, ...errorResponses },
        },
      },
      async (request) => {
        const actor = await requireStaff(context, request, 'policy.admin');
        return answerOf(
          policyVersion,
          await approvePolicyProposal(context, actor, request.params.market, request.params.id),
        );
      },
    );

    app.post(
      '/v1/admin/policies/:market/proposals/:id/reject',
      {
        schema: {
          tags: ['admin'],
          summary: 'Reject (or, as its proposer, withdraw) a change waiting for a second admin',
          params: proposalParams,
          body: z
            .object({
              note: z.string().trim().min(3).max(500).nullable().default(null).describe('Why, for the history'),
            })
            .strict(),
          response: { 200: policyProposal, ...errorResponses },
        },
      },
      async (request) => {
        const actor = await requireStaff(context, request, 'policy.admin');
        return answerOf(
          policyProposal,
          await rejectPolicyProposal(context, actor, request.params.market, request.params.id, request.body.note),
        );
      },
    );

    app.get(
      '/v1/admin/staff-users',
      {
        schema: {
          tags: ['admin'],
          summary: 'Staff accounts with their roles',
          response: { 200: z.object({ staffUsers: z.array(staffUser) }), ...errorResponses },
        },
      },
      async (request) => {
        await requireStaff(context, request, 'staff.admin');
        return { staffUsers: answerOf(z.array(staffUser), await listStaffUsers(context)) };
      },
    );

    app.post(
      '/v1/admin/staff-users',
      {
        schema: {
          tags: ['admin'],
          summary: 'Add a staff account',
          body: z
            .object({
              email: z.email().max(254),
              name: z.string().trim().min(1).max(200),
              role: z.enum(staffRoles),
              password: z.string().min(12).max(200),
            })
            .strict(),
          response: { 201: staffUser, ...errorResponses },
        },
      },
      async (request, reply) => {
        const actor = await requireStaff(context, request, 'staff.admin');
        const user = await addStaffUser(context, actor, request.body);
        return reply.status(201).header('location', `/v1/admin/staff-users/${user.id}`).send(answerOf(staffUser, user));
      },
    );

    app.patch(
      '/v1/admin/staff-users/:id',
      {
        schema: {
          tags: ['admin'],
          summary: 'Change a staff account’s role, or disable it (signing it out everywhere) or enable it',
          params: z.object({ id: z.uuid() }).strict(),
          body: z
            .object({ role: z.enum(staffRoles).optional(), disabled: z.boolean().optional() })
            .strict()
            .refine((body) => body.role !== undefined || body.disabled !== undefined, {
              message: 'Give role or disabled.',
            }),
          response: { 200: staffUser, ...errorResponses },
        },
      },
      async (request) => {
        const actor = await requireStaff(context, request, 'staff.admin');
        return answerOf(staffUser, await updateStaffUser(context, actor, request.params.id, request.body));
      },
    );
  };
