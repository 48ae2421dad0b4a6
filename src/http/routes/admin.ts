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
import { demoClockStep } from './demo.js';

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

const marketParams = z.object({ market: z.enum(markets) }).strict();
const proposalParams = z.object({ market: z.enum(markets), id: z.uuid() }).strict();

/** Configuration for admins: market policies (versioned) and staff accounts. */
export const adminRoutes =
  ({ context }: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    // Always registered, so a server without the demo operator refuses clearly (DEMO_CLOCK_UNAVAILABLE).
    app.get(
      '/v1/admin/demo-clock',
      { schema: { tags: ['admin'], summary: 'The demo clock (only when the demo operator runs)' } },
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
        },
      },
      async (request) =>
        advanceDemoClock(context, await requireStaff(context, request, 'policy.admin'), request.body.by),
    );

    app.get(
      '/v1/admin/policies',
      { schema: { tags: ['admin'], summary: 'The current policy of every market, with the ranges edits must keep' } },
      async (request) => {
        await requireStaff(context, request, 'policy.admin');
        return { policies: await listCurrentPolicies(context) };
      },
    );

    app.get(
      '/v1/admin/policies/:market/versions',
      {
        schema: {
          tags: ['admin'],
          summary: 'A market policy’s versions, newest first: who changed which fields, when and why',
          params: marketParams,
        },
      },
      async (request) => {
        await requireStaff(context, request, 'policy.admin');
        return { market: request.params.market, versions: await listPolicyVersions(context, request.params.market) };
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
        },
      },
      async (request, reply) => {
        const actor = await requireStaff(context, request, 'policy.admin');
        const result = await changePolicy(context, actor, request.params.market, request.body);
        if (result.outcome === 'applied') return result.version;
        return reply
          .status(202)
          .header('location', `/v1/admin/policies/${request.params.market}/proposals/${result.proposal.id}`)
          .send({ proposal: result.proposal });
      },
    );

    app.get(
      '/v1/admin/policies/:market/proposals',
      {
        schema: {
          tags: ['admin'],
          summary: 'Changes that weaken a safeguard, waiting for a second admin',
          params: marketParams,
        },
      },
      async (request) => {
        await requireStaff(context, request, 'policy.admin');
        return { market: request.params.market, proposals: await listPolicyProposals(context, request.params.market) };
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
        },
      },
      async (request) => {
        const actor = await requireStaff(context, request, 'policy.admin');
        return approvePolicyProposal(context, actor, request.params.market, request.params.id);
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
        },
      },
      async (request) => {
        const actor = await requireStaff(context, request, 'policy.admin');
        return rejectPolicyProposal(context, actor, request.params.market, request.params.id, request.body.note);
      },
    );

    app.get(
      '/v1/admin/staff-users',
      { schema: { tags: ['admin'], summary: 'Staff accounts with their roles' } },
      async (request) => {
        await requireStaff(context, request, 'staff.admin');
        return { staffUsers: await listStaffUsers(context) };
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
        },
      },
      async (request, reply) => {
        const actor = await requireStaff(context, request, 'staff.admin');
        const user = await addStaffUser(context, actor, request.body);
        return reply.status(201).header('location', `/v1/admin/staff-users/${user.id}`).send(user);
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
        },
      },
      async (request) => {
        const actor = await requireStaff(context, request, 'staff.admin');
        return updateStaffUser(context, actor, request.params.id, request.body);
      },
    );
  };
