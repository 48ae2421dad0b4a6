import {
  activeLines,
  analyzeRunLines,
  anyWebhookSubscription,
  batchTotals,
  cancelBatchTimers,
  cancelPendingLines,
  claimDueRuns,
  dueLines,
  earliestDue,
  findBatch,
  findLineByCase,
  findRun,
  hasOpenLines,
  insertBatch,
  insertBatchAudit,
  insertBatchEventsAndAudit,
  insertBatchMessages,
  insertBatchOwnership,
  insertBatchQuarantines,
  insertBatchTimers,
  insertBulkCases,
  insertRejections,
  insertRun,
  insertRunLines,
  lineCounts,
  listRejections,
  listLines,
  listRuns,
  lockMovableLines,
  lockRun,
  moveCases,
  moveLines,
  reinstateRequests,
  rejectionCount,
  reportPage,
  requestReinstatement,
  stageTimings,
  undeliveredMessagesOf,
  updateRun,
  type BatchLine,
  type BatchMessage,
  type BulkRunRow,
  type DueCursor,
  type NewRunLine,
} from '../db/repositories/bulk-runs.repository.js';
import { insertAudit, lockCase } from '../db/repositories/cases.repository.js';
import { timeOrderedUuid } from '../db/time-ordered-ids.js';
import {
  causeOf,
  decideRun,
  nextDueAt,
  nextStage,
  parseBulkList,
  plannedDeactivationAt,
  scheduleFor,
  stageCommand,
  stageNetworkAction,
  type BulkLineFailureReason,
  type BulkLineStatus,
  type BulkRowRejection,
  type AdminRunCommand,
  type BulkSchedule,
  type BulkSelector,
  type BulkStage,
} from '../domain/bulk-runs.js';
import { recipientsOf } from '../domain/contacts.js';
import { SimexitError } from '../domain/errors.js';
import { maskMsisdn } from '../domain/identifiers.js';
import {
  decide,
  quarantineEnd,
  type CaseCommand,
  type CaseSnapshot,
  type CaseState,
  type Decision,
  type ReinstatementReason,
} from '../domain/lifecycle.js';
import { holderMessageLanguage, type MessageLanguage } from '../domain/message-formats.js';
import { renderNotification, type NotificationData } from '../domain/notifications.js';
import { chosenLanguages, messageStyle } from './holder-language.service.js';
import { bulkDeactivationDefaults } from '../domain/policy/index.js';
import type { Market, MarketPolicy } from '../domain/policy/types.js';
import type { BulkLineRecord, LineActionResult } from '../ports/ports.js';
import { inTransaction, type Actor, type ServiceContext } from './context.js';
import { deliverMessages, officialChannels } from './notifications.service.js';
import { queueWebhookEvents } from './webhooks.service.js';
import { currentPolicy, policyVersion } from './policies.service.js';
import { caseReference } from './presenters.js';
import { localDate } from '../domain/working-days.js';
import { MINUTE } from '../domain/time.js';

/** Lines per CRM page when a selector run gathers its lines, and per lookup of an uploaded list. */
const PAGE = 2000;
/** How long one advance job works before handing over to the next (a job never outlives its expiry). */
const SLICE_MS = 20_000;

export interface RunSettings {
  market: Market;
  name: string;
  /** Seconds after the previous stage of the same line; unset stages take the market's default. */
  delaySeconds?: Partial<Record<BulkStage, number>>;
  stages?: BulkStage[];
  /** Line-stages per second across the run, so the network and the SMSC are not flooded. */
  linesPerSecond: number;
  batchSize?: number;
}

export interface CreatedRun {
  run: BulkRunView;
  accepted: number;
  rejected: { total: number; rows: BulkRowRejection[] };
}

/** The most rejected rows an answer lists; the rest are at GET …/rejections. */
const REJECTIONS_SHOWN = 1000;

function actorName(actor: Actor): string {
  return actor.kind === 'staff' ? `staff:${actor.id}` : `${actor.kind}:${actor.id}`;
}

async function newRun(
  context: ServiceContext,
  actor: Actor,
  settings: RunSettings,
  source: 'csv' | 'selector',
  selector: BulkSelector | null,
  state: 'preparing' | 'running',
  work: (run: BulkRunRow, tx: Parameters<Parameters<typeof inTransaction>[1]>[0]) => Promise<void>,
): Promise<BulkRunRow> {
  const schedule = scheduleFor(bulkDeactivationDefaults[settings.market], settings);
  const policy = await currentPolicy(context, settings.market, context.db);
  const now = context.clock.now();
  return inTransaction(context, async (tx) => {
    const run = await insertRun(tx, {
      id: crypto.randomUUID(),
      market: settings.market,
      name: settings.name,
      state,
      source,
      selector: selector === null ? null : JSON.stringify(selector),
      stages: JSON.stringify(schedule.stages),
      delay_seconds: JSON.stringify(schedule.delaySeconds),
      lines_per_second: settings.linesPerSecond,
      batch_size: Math.min(settings.batchSize ?? 1000, settings.linesPerSecond, 5000),
      policy_version: policy.version,
      created_by: actorName(actor),
      created_at: now,
      updated_at: now,
      started_at: now,
      finished_at: null,
      next_due_at: now,
      prepare_cursor: null,
      last_error: null,
    });
    await work(run, tx);
    await insertAudit(tx, {
      subscriberId: null,
      actorKind: actor.kind,
      actorId: actor.id,
      action: 'bulk_run.created',
      target: `bulk_run:${run.id}`,
      data: { market: run.market, name: run.name, source, selector, schedule, linesPerSecond: run.lines_per_second },
      at: now,
    });
    await context.queue.enqueue(tx, 'bulk.advance', { id: run.id });
    return run;
  });
}

/**
 * A run from an uploaded list. Every row is checked (format, country, repeats, then the CRM: known,
 * of this market, active); bad rows are returned and stored row by row with nothing applied to them,
 * and the good rows make the run. A list with no good row is refused as a whole.
 */
export async function createRunFromList(
  context: ServiceContext,
  actor: Actor,
  settings: RunSettings & { csv: string; recheck?: BulkSelector | null },
): Promise<CreatedRun> {
  // The schedule is checked before the list, so a mistake in it is reported before any CRM lookup.
  scheduleFor(bulkDeactivationDefaults[settings.market], settings);
  const policy = await currentPolicy(context, settings.market, context.db);
  const parsed = parseBulkList(settings.csv, policy.country);
  const rejected = [...parsed.rejected];
  const lines: NewRunLine[] = [];
  for (let i = 0; i < parsed.accepted.length; i += PAGE) {
    const chunk = parsed.accepted.slice(i, i + PAGE);
    const found = new Map((await context.ports.crm.lookupLines(chunk.map((r) => r.msisdn))).map((l) => [l.msisdn, l]));
    for (const row of chunk) {
      const line = found.get(row.msisdn);
      if (!line) rejected.push({ row: row.row, value: row.msisdn, reason: 'unknown_number' });
      else if (line.market !== settings.market)
        rejected.push({ row: row.row, value: row.msisdn, reason: 'other_market', detail: `a line of ${line.market}` });
      else if (line.status !== 'active') rejected.push({ row: row.row, value: row.msisdn, reason: 'line_not_active' });
      else lines.push(toNewLine(line, row.row));
    }
  }
  rejected.sort((a, b) => a.row - b.row);
  if (lines.length === 0) {
    throw new SimexitError('BULK_RUN_NO_VALID_LINES', 'No row of the list names a line this run could take.', {
      rejected: rejected.slice(0, REJECTIONS_SHOWN),
      rejectedTotal: rejected.length,
    });
  }
  const run = await newRun(
    context,
    actor,
    settings,
    'csv',
    settings.recheck ?? null,
    'running',
    async (created, tx) => {
      for (let i = 0; i < lines.length; i += 5000)
        await insertRunLines(tx, created.id, lines.slice(i, i + 5000), context.clock.now());
      await insertRejections(tx, created.id, rejected);
    },
  );
  await analyzeRunLines(context.db);
  return {
    run: await runView(context, run.id),
    accepted: lines.length,
    rejected: { total: rejected.length, rows: rejected.slice(0, REJECTIONS_SHOWN) },
  };
}

function toNewLine(line: BulkLineRecord, rowNumber: number | null): NewRunLine {
  return {
    rowNumber,
    msisdn: line.msisdn,
    iccid: line.iccid,
    subscriberId: line.subscriberId,
    productType: line.productType,
    email: line.email,
    contactNumbers: line.contactNumbers.filter((number) => number !== line.msisdn),
    language: line.language,
  };
}

/** A run whose lines the CRM picks; they are gathered page by page by the run's worker (state `preparing`). */
export async function createRunFromSelector(
  context: ServiceContext,
  actor: Actor,
  settings: RunSettings & { selector: BulkSelector },
): Promise<CreatedRun> {
  const run = await newRun(context, actor, settings, 'selector', settings.selector, 'preparing', async () => {});
  return { run: await runView(context, run.id), accepted: 0, rejected: { total: 0, rows: [] } };
}

/** Pause, resume or cancel a run; every change is audited. Cancelling gives undeactivated lines back. */
export async function commandRun(
  context: ServiceContext,
  actor: Actor,
  runId: string,
  command: AdminRunCommand,
): Promise<BulkRunView> {
  await inTransaction(context, async (tx) => {
    const run = await lockRun(tx, runId);
    if (!run) throw notFound(runId);
    const state = decideRun(run.state, command);
    const now = context.clock.now();
    const wake = state === 'running' || state === 'cancelling';
    await updateRun(tx, runId, { state, next_due_at: wake ? now : null }, now);
    await insertAudit(tx, {
      subscriberId: null,
      actorKind: actor.kind,
      actorId: actor.id,
      action: `bulk_run.${command}`,
      target: `bulk_run:${runId}`,
      data: { from: run.state, to: state },
      at: now,
    });
  });
  return runView(context, runId);
}

function notFound(runId: string) {
  return new SimexitError('BULK_RUN_NOT_FOUND', 'There is no bulk run with this id.', { runId });
}

/**
 * An agent gives a line back to its holder (they asked, or showed the cause is fixed). The request is
 * recorded now; the run's worker lifts the bars and closes the case with the message, because it alone
 * talks to the network for the run (an unbar must never overtake a bar still in flight).
 */
export async function requestLineReinstatement(
  context: ServiceContext,
  actor: Extract<Actor, { kind: 'staff' }>,
  caseId: string,
  note: string,
): Promise<{ caseId: string; status: 'reinstatement_requested' }> {
  await inTransaction(context, async (tx) => {
    const row = await lockCase(tx, caseId);
    if (!row) throw new SimexitError('CASE_NOT_FOUND', 'There is no case with this id.', { caseId });
    const line = await findLineByCase(tx, caseId);
    if (!line || row.channel !== 'bulk') {
      throw new SimexitError('BULK_LINE_NOT_FOUND', 'This case is not a line of a bulk run.', { caseId });
    }
    const now = context.clock.now();
    if (row.state !== 'grace_period' || !(await requestReinstatement(tx, line.id, { by: actor.id, note, at: now }))) {
      throw new SimexitError(
        'ILLEGAL_TRANSITION',
        `A case that is ${row.state.replace(/_/g, ' ')} cannot be reinstated.`,
        {
          state: row.state,
          command: 'reinstate',
          lineStatus: line.status,
        },
      );
    }
    await updateRun(tx, line.run_id, { next_due_at: now }, now);
    await insertAudit(tx, {
      subscriberId: row.subscriber_id,
      actorKind: actor.kind,
      actorId: actor.id,
      action: 'bulk_line.reinstatement_requested',
      target: `case:${caseId}`,
      data: { runId: line.run_id, note },
      at: now,
    });
    await context.queue.enqueue(tx, 'bulk.advance', { id: line.run_id });
  });
  return { caseId, status: 'reinstatement_requested' };
}

// ---------------------------------------------------------------------------------------------
// The run's worker

interface RunContext {
  run: BulkRunRow;
  schedule: BulkSchedule;
  policy: MarketPolicy;
  actor: { kind: 'system'; id: string };
}

function scheduleOf(run: BulkRunRow): BulkSchedule {
  return { stages: run.stages, delaySeconds: run.delay_seconds };
}

const snapshotIn = (state: CaseState, today: string): CaseSnapshot => ({
  state,
  resumeState: null,
  reviewRoute: null,
  approvals: [],
  cardReturnRequired: false,
  // A run's line ends on the run's own schedule: never a date of its own to wait for.
  lineEndsOn: today,
  escalated: false,
  escalations: 0,
  reviewDueAt: null,
  reviewRemainingMs: null,
});

/**
 * The lifecycle decides for the whole batch at once: the bulk transitions read only the state
 * (domain/lifecycle.ts), so one decision is every case's decision. A patch would be per case, and
 * is refused here rather than silently dropped.
 */
function decideBatch(from: CaseState, command: CaseCommand, now: Date, policy: MarketPolicy): Decision {
  const decision = decide(snapshotIn(from, localDate(now, policy.timeZone)), command, { now, policy });
  if (Object.keys(decision.patch).length > 0) throw new Error(`bulk ${command.type} would patch cases`);
  return decision;
}

interface BatchCaseRef {
  caseId: string;
  subscriberId: string;
  msisdn: string;
  email: string | null;
  otherSms: string[];
  /** The account's language in the CRM when the line joined the run. */
  accountLanguage: string | null;
}

/** Writes what the decision asks for, for every case of the batch, in the caller's transaction. */
async function applyBatchDecision(
  context: ServiceContext,
  tx: Parameters<Parameters<typeof inTransaction>[1]>[0],
  rc: RunContext,
  decision: Decision,
  command: CaseCommand,
  cases: BatchCaseRef[],
  info: { now: Date; reason: string | null; stage: string; deadline: Date | null; actor: Actor },
): Promise<number> {
  if (cases.length === 0) return 0;
  await insertBatchEventsAndAudit(tx, cases, {
    type: command.type,
    from: decision.from,
    to: decision.to,
    actorKind: info.actor.kind,
    actorId: info.actor.id,
    reason: info.reason,
    data: { runId: rc.run.id, stage: info.stage },
    now: info.now,
  });
  let messages = 0;
  for (const effect of decision.effects) {
    switch (effect.type) {
      case 'schedule_timer':
        await insertBatchTimers(tx, cases, effect.timer, effect.dueAt);
        break;
      case 'cancel_timers':
        await cancelBatchTimers(
          tx,
          cases.map((c) => c.caseId),
          info.now,
        );
        break;
      case 'notify': {
        const channels = effect.channels ?? ['sms', 'email'];
        // Each holder's language (services/holder-language.service.ts): their portal choice, read once
        // for the batch, else the account's from the CRM, else the market's.
        const chosen = await chosenLanguages(
          tx,
          cases.map((c) => c.subscriberId),
        );
        const bases = new Map<MessageLanguage, Omit<NotificationData, 'reference' | 'maskedMsisdn' | 'caseUrl'>>();
        const baseFor = (language: MessageLanguage) => {
          let base = bases.get(language);
          if (!base) {
            const style = messageStyle(language, rc.policy);
            base = {
              receivedAt: style.at(info.now),
              lineEndsOn: info.deadline ? style.day(localDate(info.deadline, rc.policy.timeZone)) : '',
              officialChannels: officialChannels(context),
              reason: info.reason,
              bulkCause: causeOf(rc.run.selector),
              bulkDeadline: info.deadline ? style.at(info.deadline) : null,
            };
            bases.set(language, base);
          }
          return base;
        };
        const batch: BatchMessage[] = [];
        for (const c of cases) {
          const language = holderMessageLanguage({
            chosen: chosen.get(c.subscriberId) ?? null,
            account: c.accountLanguage,
            marketLanguage: rc.policy.language,
          });
          const rendered = renderNotification(
            effect.template,
            {
              ...baseFor(language),
              reference: caseReference(c.caseId),
              maskedMsisdn: maskMsisdn(c.msisdn),
              caseUrl: `${context.config.PUBLIC_URL}/cases/${c.caseId}`,
            },
            language,
          );
          // Every contact on file, as for a single case (domain/contacts.ts); a barred line's own SMS is left out.
          for (const recipient of recipientsOf({ sms: c.msisdn, email: c.email, otherSms: c.otherSms }, channels)) {
            batch.push({
              caseId: c.caseId,
              subscriberId: c.subscriberId,
              channel: recipient.channel,
              to: recipient.to,
              template: effect.template,
              subject: rendered.subject,
              body: rendered.body,
              dedupeKey: `bulk:${c.caseId}:${info.stage}:${recipient.key}`,
            });
          }
        }
        messages += await insertBatchMessages(tx, batch, info.now);
        break;
      }
      case 'escalate':
        await insertBatchAudit(
          tx,
          cases.map((c) => ({ target: `case:${c.caseId}`, subscriberId: c.subscriberId })),
          {
            actorKind: 'system',
            actorId: 'lifecycle',
            action: 'case.escalated',
            data: { state: decision.to, runId: rc.run.id },
            now: info.now,
          },
        );
        break;
      case 'start_assessment':
      case 'start_execution':
        throw new Error(`bulk ${command.type} asked for ${effect.type}`);
    }
  }
  return messages;
}

const refOf = (line: BatchLine, caseId = line.case_id!): BatchCaseRef => ({
  caseId,
  subscriberId: line.subscriber_id,
  msisdn: line.msisdn,
  email: line.email,
  otherSms: line.contact_numbers,
  accountLanguage: line.language,
});

interface BatchOutcome {
  id: string;
  stage: BulkStage | 'reinstate' | 'cancel';
  moved: string[];
  reinstated: number;
  failed: number;
  messages: number;
  caseIds: string[];
}

async function recordBatch(
  context: ServiceContext,
  tx: Parameters<Parameters<typeof inTransaction>[1]>[0],
  rc: RunContext,
  outcome: BatchOutcome,
  startedAt: Date,
): Promise<void> {
  await insertBatch(tx, {
    id: outcome.id,
    runId: rc.run.id,
    stage: outcome.stage,
    lines: outcome.moved.length + outcome.reinstated + outcome.failed,
    reinstated: outcome.reinstated,
    failed: outcome.failed,
    startedAt,
    finishedAt: context.clock.now(),
    caseIds: outcome.caseIds,
  });
  if (outcome.messages > 0) await context.queue.enqueue(tx, 'bulk.deliver', { id: outcome.id });
}

const unbarKey = (line: BatchLine) => `bulk:unbar:${line.id}`;

/** Lifts the bars of lines that have some (after the notice, before deactivation). */
async function unbarAll(context: ServiceContext, lines: BatchLine[]): Promise<void> {
  const barred = lines.filter((l) => l.stage === 'bar_outgoing' || l.stage === 'bar_full');
  if (barred.length === 0) return;
  const results = await context.ports.provisioning.applyLineActions(
    barred.map((l) => ({ msisdn: l.msisdn, iccid: l.iccid, action: 'unbar' as const, key: unbarKey(l) })),
  );
  // A line the network no longer knows has no bar to lift; anything else refused is retried with the job.
  const refused = results.filter((r) => !r.ok && r.reason !== 'line_not_active' && r.reason !== 'line_not_found');
  if (refused.length > 0) throw new Error(`the network refused ${refused.length} unbars`);
}

/**
 * Gives lines back to their holders: bars lifted at the network, the case closed as reinstated with
 * the message, the line `reinstated` with the reason. Used for a fixed cause, an agent's decision and
 * a cancelled run alike.
 */
async function reinstateGroup(
  context: ServiceContext,
  rc: RunContext,
  lines: BatchLine[],
  reason: ReinstatementReason,
  actor: Actor,
  inTx?: Parameters<Parameters<typeof inTransaction>[1]>[0],
): Promise<BatchOutcome> {
  const outcome: BatchOutcome = {
    id: crypto.randomUUID(),
    stage: reason === 'run_cancelled' ? 'cancel' : 'reinstate',
    moved: [],
    reinstated: 0,
    failed: 0,
    messages: 0,
    caseIds: [],
  };
  if (lines.length === 0) return outcome;
  if (!inTx) await unbarAll(context, lines);
  const work = async (tx: Parameters<Parameters<typeof inTransaction>[1]>[0]) => {
    const now = context.clock.now();
    const movable = await lockMovableLines(
      tx,
      lines.map((l) => l.id),
      { statuses: ['active'], stage: 'any' },
      true,
    );
    const group = lines.filter((l) => movable.has(l.id));
    const moved = new Set(
      await moveLines(tx, {
        ids: group.map((l) => l.id),
        from: { statuses: ['active'], stage: 'any' },
        to: { status: 'reinstated', stage: null, dueAt: null, reason },
        now,
        ignoreReinstateRequest: true,
      }),
    );
    const command: CaseCommand = { type: 'reinstate', reason };
    const decision = decideBatch('grace_period', command, now, rc.policy);
    const cases = group.filter((l) => moved.has(l.id)).map((l) => refOf(l));
    const movedCases = new Set(
      await moveCases(
        tx,
        cases.map((c) => c.caseId),
        decision.from,
        decision.to,
        now,
      ),
    );
    const done = cases.filter((c) => movedCases.has(c.caseId));
    outcome.messages = await applyBatchDecision(context, tx, rc, decision, command, done, {
      now,
      reason,
      stage: 'reinstate',
      deadline: null,
      actor,
    });
    outcome.reinstated = done.length;
    outcome.caseIds = done.map((c) => c.caseId);
  };
  if (inTx) await work(inTx);
  else {
    const startedAt = context.clock.now();
    await inTransaction(context, async (tx) => {
      const run = await lockRun(tx, rc.run.id);
      if (!run || run.state === 'cancelled' || run.state === 'completed') return;
      await work(tx);
      await recordBatch(context, tx, rc, outcome, startedAt);
    });
  }
  return outcome;
}

/** One stage for a batch of lines that all finished the same previous stage. */
async function processStage(
  context: ServiceContext,
  rc: RunContext,
  stage: BulkStage,
  previous: BulkStage | null,
  lines: BatchLine[],
): Promise<BatchOutcome> {
  const startedAt = context.clock.now();
  let keep = lines;
  let causeFixed: BatchLine[] = [];
  // The selector is asked again before every stage after the notice: a holder who fixed the cause
  // since is given the line back instead of barred further.
  if (stage !== 'notice' && rc.run.selector) {
    const still = new Set(
      await context.ports.crm.stillSelected(
        rc.run.selector,
        lines.map((l) => l.msisdn),
      ),
    );
    causeFixed = lines.filter((l) => !still.has(l.msisdn));
    keep = lines.filter((l) => still.has(l.msisdn));
  }
  await unbarAll(context, causeFixed);
  const failures = new Map<string, BulkLineFailureReason>();
  const networkAt = new Map<string, Date>();
  const action = stageNetworkAction[stage];
  if (action && keep.length > 0) {
    const results: LineActionResult[] = await context.ports.provisioning.applyLineActions(
      keep.map((l) => ({ msisdn: l.msisdn, iccid: l.iccid, action, key: `bulk:${stage}:${l.id}` })),
    );
    results.forEach((result, i) => {
      const line = keep[i]!;
      if (result.ok) networkAt.set(line.id, result.at);
      else failures.set(line.id, result.reason);
    });
  }
  const ok = keep.filter((l) => !failures.has(l.id));
  const releaseAt = quarantineEnd(startedAt, rc.policy);
  if (stage === 'deactivate' && ok.length > 0) {
    await context.ports.numbers.quarantineMany(
      ok.map((l) => ({ msisdn: l.msisdn, until: releaseAt, key: `bulk:quarantine:${l.id}` })),
    );
  }

  const outcome: BatchOutcome = {
    id: crypto.randomUUID(),
    stage,
    moved: [],
    reinstated: 0,
    failed: 0,
    messages: 0,
    caseIds: [],
  };
  await inTransaction(context, async (tx) => {
    const run = await lockRun(tx, rc.run.id);
    // Paused or cancelled while the network worked: nothing is recorded; the same keys repeat later.
    if (!run || run.state !== 'running') return;
    const now = context.clock.now();
    const statuses: ('pending' | 'active')[] = [previous === null ? 'pending' : 'active'];
    const from = { statuses, stage: previous };
    // The notice must know which lines may still move before it opens their cases; a later stage's
    // move is itself guarded (moveLines answers the lines it moved), so only the lines the network
    // refused are locked and checked here, to be failed once.
    const movable = await lockMovableLines(
      tx,
      (stage === 'notice' ? keep : keep.filter((l) => failures.has(l.id))).map((l) => l.id),
      from,
    );
    const candidates = stage === 'notice' ? ok.filter((l) => movable.has(l.id)) : ok;
    const last = nextStage(rc.schedule, stage) === null;
    const dueAt = nextDueAt(rc.schedule, stage, now);
    const deadline = plannedDeactivationAt(rc.schedule, stage, now);
    const command = stageCommand[stage](startedAt);
    let refs: BatchCaseRef[];
    let decision: Decision;
    const failed: { line: BatchLine; reason: BulkLineFailureReason }[] = keep
      .filter((l) => movable.has(l.id) && failures.has(l.id))
      .map((line) => ({ line, reason: failures.get(line.id)! }));
    if (stage === 'notice') {
      decision = decideBatch('draft', command, now, rc.policy);
      const proposed = candidates.map((l) => refOf(l, timeOrderedUuid()));
      const opened = await insertBulkCases(
        tx,
        proposed.map((r, i) => ({
          ...r,
          lineId: candidates[i]!.id,
          iccid: candidates[i]!.iccid,
          productType: candidates[i]!.product_type,
        })),
        {
          state: decision.to,
          market: rc.run.market,
          policyVersion: rc.run.policy_version,
          runId: rc.run.id,
          filedBy: rc.run.created_by,
          lineEndsOn: deadline.toISOString().slice(0, 10),
          now,
        },
      );
      refs = [];
      const caseIds = new Map<string, string>();
      candidates.forEach((line, i) => {
        const ref = proposed[i]!;
        if (!opened.has(ref.caseId)) failed.push({ line, reason: 'case_already_open' });
        else {
          refs.push(ref);
          caseIds.set(line.id, ref.caseId);
        }
      });
      outcome.moved = await moveLines(tx, {
        ids: [...caseIds.keys()],
        from,
        to: { status: last ? 'deactivated' : 'active', stage, dueAt },
        caseIds,
        now,
      });
    } else {
      decision = decideBatch('grace_period', command, now, rc.policy);
      outcome.moved = await moveLines(tx, {
        ids: candidates.map((l) => l.id),
        from,
        to: { status: last ? 'deactivated' : 'active', stage, dueAt },
        now,
      });
      const movedSet = new Set(outcome.moved);
      const cases = candidates.filter((l) => movedSet.has(l.id)).map((l) => refOf(l));
      const movedCases = new Set(
        await moveCases(
          tx,
          cases.map((c) => c.caseId),
          decision.from,
          decision.to,
          now,
        ),
      );
      refs = cases.filter((c) => movedCases.has(c.caseId));
    }
    outcome.messages += await applyBatchDecision(context, tx, rc, decision, command, refs, {
      now,
      reason: null,
      stage,
      deadline,
      actor: rc.actor,
    });
    if (stage === 'deactivate' && refs.length > 0) {
      await insertBatchQuarantines(tx, refs, rc.run.market, now, releaseAt);
      // The batch went to the network in one request: its first confirmation dates the whole batch.
      const deactivatedAt = networkAt.get(candidates[0]?.id ?? '') ?? now;
      const recorded = [
        ...(await insertBatchOwnership(tx, refs, 'deactivated', deactivatedAt, now)).map((r) => ({
          ...r,
          event: 'deactivated' as const,
          at: deactivatedAt,
        })),
        ...(await insertBatchOwnership(tx, refs, 'quarantined', now, now)).map((r) => ({
          ...r,
          event: 'quarantined' as const,
          at: now,
        })),
      ];
      if (await anyWebhookSubscription(tx)) {
        for (const r of recorded) {
          await queueWebhookEvents(context, tx, {
            msisdn: r.msisdn,
            subscriberId: r.subscriber_id,
            event: r.event,
            at: r.at,
            caseId: r.case_id,
            source: 'simexit',
            dedupeKey: r.dedupe_key,
          });
        }
      }
    }
    outcome.caseIds = refs.map((r) => r.caseId);
    outcome.failed = await failLines(context, tx, rc, failed, stage, now);
    if (causeFixed.length > 0) {
      const back = await reinstateGroup(context, rc, causeFixed, 'cause_fixed', rc.actor, tx);
      outcome.reinstated = back.reinstated;
      outcome.messages += back.messages;
      outcome.caseIds.push(...back.caseIds);
    }
    await recordBatch(context, tx, rc, outcome, startedAt);
  });
  return outcome;
}

/** Lines the network refused (or that had a case open already): listed with the reason, cases to a person. */
async function failLines(
  context: ServiceContext,
  tx: Parameters<Parameters<typeof inTransaction>[1]>[0],
  rc: RunContext,
  failed: { line: BatchLine; reason: BulkLineFailureReason }[],
  stage: BulkStage,
  now: Date,
): Promise<number> {
  let count = 0;
  for (const reason of new Set(failed.map((f) => f.reason))) {
    const group = failed.filter((f) => f.reason === reason).map((f) => f.line);
    const moved = new Set(
      await moveLines(tx, {
        ids: group.map((l) => l.id),
        from: { statuses: ['pending', 'active'], stage: 'any' },
        to: { status: 'failed', stage: null, dueAt: null, reason },
        now,
      }),
    );
    const lines = group.filter((l) => moved.has(l.id));
    count += lines.length;
    const withCase = lines.filter((l) => l.case_id !== null);
    const withoutCase = lines.filter((l) => l.case_id === null);
    await insertBatchAudit(
      tx,
      withoutCase.map((l) => ({ target: `bulk_line:${l.id}`, subscriberId: l.subscriber_id })),
      {
        actorKind: 'system',
        actorId: rc.actor.id,
        action: 'bulk_line.failed',
        data: { runId: rc.run.id, stage, reason },
        now,
      },
    );
    if (withCase.length > 0) {
      const command: CaseCommand = { type: 'execution_failed', reason };
      const decision = decideBatch('grace_period', command, now, rc.policy);
      const refs = withCase.map((l) => refOf(l));
      const movedCases = new Set(
        await moveCases(
          tx,
          refs.map((r) => r.caseId),
          decision.from,
          decision.to,
          now,
        ),
      );
      await applyBatchDecision(
        context,
        tx,
        rc,
        decision,
        command,
        refs.filter((r) => movedCases.has(r.caseId)),
        { now, reason, stage, deadline: null, actor: rc.actor },
      );
    }
  }
  return count;
}

export interface AdvanceResult {
  /** Line-stages done (stages, reinstatements, failures, cancellations) in this call. */
  lines: number;
  /** True when work was left that was due now (the slice ran out); the job hands over to the next. */
  more: boolean;
}

/**
 * Job bulk.advance: works a run for up to one slice. Agent reinstatements first (they never wait,
 * not even for a paused run), then a cancelling run's give-backs, then the due lines of a running
 * run, batch by batch in set-based transactions, paced to the run's lines per second. At the end
 * the run's next wake-up is stored (timers are data): now if the slice ran out, the earliest due line
 * otherwise.
 */
export async function advanceRun(
  context: ServiceContext,
  runId: string,
  options: { sliceMs?: number; sleep?: (ms: number) => Promise<void> } = {},
): Promise<AdvanceResult> {
  const sliceMs = options.sliceMs ?? SLICE_MS;
  const sleep = options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  const started = Date.now();
  let done = 0;
  let more = false;
  // Keyset paging over the due lines within this call (repositories/bulk-runs.repository.ts dueLines).
  const pass: { cursor: DueCursor | null } = { cursor: null };
  for (;;) {
    const run = await findRun(context.db, runId);
    if (!run || run.state === 'cancelled' || run.state === 'completed') return { lines: done, more: false };
    const rc: RunContext = {
      run,
      schedule: scheduleOf(run),
      policy: await policyVersion(context, run.market, run.policy_version, context.db),
      actor: { kind: 'system', id: `bulk.advance` },
    };
    let lines = 0;
    const requests = await reinstateRequests(context.db, runId, run.batch_size);
    if (requests.length > 0) {
      for (const by of new Set(requests.map((r) => r.reinstate_requested_by ?? 'staff'))) {
        const group = requests.filter((r) => (r.reinstate_requested_by ?? 'staff') === by);
        const outcome = await reinstateGroup(context, rc, group, 'agent_decision', {
          kind: 'staff',
          id: by,
          role: 'agent',
        });
        lines += outcome.reinstated;
      }
    } else if (run.state === 'preparing') {
      lines = await prepareSome(context, rc);
    } else if (run.state === 'cancelling') {
      lines = await cancelSome(context, rc);
    } else if (run.state === 'running') {
      lines = await advanceSome(context, rc, pass);
    }
    done += lines;
    if (lines === 0) break;
    // Pace to the run's rate: never more than lines_per_second line-stages on average since the start.
    const ahead = (done / run.lines_per_second) * 1000 - (Date.now() - started);
    if (ahead > 0) await sleep(ahead);
    if (Date.now() - started >= sliceMs) {
      more = true;
      break;
    }
  }
  await settle(context, runId, more);
  return { lines: done, more };
}

/** A page of the selector's lines joins the run; the last page starts it. */
async function prepareSome(context: ServiceContext, rc: RunContext): Promise<number> {
  const selector = rc.run.selector!;
  const page = await context.ports.crm.selectLines(selector, {
    market: rc.run.market,
    after: rc.run.prepare_cursor,
    limit: PAGE,
  });
  const lines = page.filter((l) => l.status === 'active').map((l) => toNewLine(l, null));
  let prepared = false;
  await inTransaction(context, async (tx) => {
    const run = await lockRun(tx, rc.run.id);
    if (!run || run.state !== 'preparing' || run.prepare_cursor !== rc.run.prepare_cursor) return;
    const now = context.clock.now();
    await insertRunLines(tx, run.id, lines, now);
    if (page.length < PAGE) {
      prepared = true;
      await updateRun(tx, run.id, { state: decideRun(run.state, 'prepared'), prepare_cursor: null }, now);
      await insertAudit(tx, {
        subscriberId: null,
        actorKind: 'system',
        actorId: 'bulk.advance',
        action: 'bulk_run.prepared',
        target: `bulk_run:${run.id}`,
        data: {},
        at: now,
      });
    } else {
      await updateRun(tx, run.id, { prepare_cursor: page[page.length - 1]!.msisdn }, now);
    }
  });
  if (prepared) await analyzeRunLines(context.db);
  // A page is progress even when it is the last (and empty), so the loop goes on to run the stages.
  return Math.max(page.length, 1);
}

async function cancelSome(context: ServiceContext, rc: RunContext): Promise<number> {
  const lines = await activeLines(context.db, rc.run.id, rc.run.batch_size);
  if (lines.length > 0) {
    const outcome = await reinstateGroup(context, rc, lines, 'run_cancelled', rc.actor);
    return outcome.reinstated;
  }
  let cancelled = 0;
  await inTransaction(context, async (tx) => {
    const run = await lockRun(tx, rc.run.id);
    if (!run || run.state !== 'cancelling') return;
    const now = context.clock.now();
    cancelled = await cancelPendingLines(tx, run.id, now);
    if (await hasOpenLines(tx, run.id)) return;
    await updateRun(
      tx,
      run.id,
      { state: decideRun(run.state, 'cancel_finished'), finished_at: now, next_due_at: null },
      now,
    );
    await insertAudit(tx, {
      subscriberId: null,
      actorKind: 'system',
      actorId: 'bulk.advance',
      action: 'bulk_run.cancelled',
      target: `bulk_run:${run.id}`,
      data: { pendingLinesCancelled: cancelled },
      at: now,
    });
  });
  return cancelled;
}

async function advanceSome(
  context: ServiceContext,
  rc: RunContext,
  pass: { cursor: DueCursor | null },
): Promise<number> {
  const now = context.clock.now();
  let due = pass.cursor ? await dueLines(context.db, rc.run.id, now, rc.run.batch_size, pass.cursor) : [];
  // The pass found nothing more after its cursor: look once from the head for anything left behind.
  if (due.length === 0) due = await dueLines(context.db, rc.run.id, now, rc.run.batch_size);
  const last = due[due.length - 1];
  pass.cursor = last ? { dueAt: last.due_at, id: last.id } : null;
  if (due.length === 0) {
    await inTransaction(context, async (tx) => {
      const run = await lockRun(tx, rc.run.id);
      if (!run || run.state !== 'running' || (await hasOpenLines(tx, run.id))) return;
      const at = context.clock.now();
      await updateRun(tx, run.id, { state: decideRun(run.state, 'finish'), finished_at: at, next_due_at: null }, at);
      await insertAudit(tx, {
        subscriberId: null,
        actorKind: 'system',
        actorId: 'bulk.advance',
        action: 'bulk_run.completed',
        target: `bulk_run:${run.id}`,
        data: {},
        at,
      });
    });
    return 0;
  }
  let lines = 0;
  for (const previous of new Set(due.map((l) => l.stage))) {
    const group = due.filter((l) => l.stage === previous);
    const stage = nextStage(rc.schedule, previous);
    if (stage === null) continue;
    const outcome = await processStage(context, rc, stage, previous, group);
    lines += outcome.moved.length + outcome.reinstated + outcome.failed;
  }
  return lines;
}

/** Stores the run's next wake-up: now (and a job) when work was left over, else its earliest due line. */
async function settle(context: ServiceContext, runId: string, more: boolean): Promise<void> {
  await inTransaction(context, async (tx) => {
    const run = await lockRun(tx, runId);
    if (!run) return;
    const now = context.clock.now();
    const active = run.state === 'running' || run.state === 'preparing' || run.state === 'cancelling';
    if (more && active) {
      await updateRun(tx, runId, { next_due_at: null, last_error: null }, now);
      await context.queue.enqueue(tx, 'bulk.advance', { id: runId });
      return;
    }
    const next = run.state === 'running' ? await earliestDue(tx, runId) : null;
    await updateRun(tx, runId, { next_due_at: next, last_error: null }, now);
  });
}

/** After a failed last attempt the run is woken again later, with the error shown on it. */
export async function recordAdvanceFailure(context: ServiceContext, runId: string, error: unknown): Promise<void> {
  const now = context.clock.now();
  await inTransaction(context, (tx) =>
    updateRun(
      tx,
      runId,
      {
        last_error: error instanceof Error ? error.message : String(error),
        next_due_at: new Date(now.getTime() + context.config.OUTAGE_RECHECK_SECONDS * 1000),
      },
      now,
    ),
  );
}

/**
 * The scheduler's part (services/timers.service.ts calls it): every run whose stored wake-up is due
 * gets an advance job, claimed once so several schedulers can run.
 */
export async function wakeDueRuns(context: ServiceContext, limit = 100): Promise<number> {
  return inTransaction(context, async (tx) => {
    const due = await claimDueRuns(tx, context.clock.now(), limit);
    for (const run of due) await context.queue.enqueue(tx, 'bulk.advance', { id: run.id });
    return due.length;
  });
}

/**
 * Job bulk.deliver: sends a batch's messages through the ordinary outbox path, a hundred at a time.
 * On the job's last attempt a message that still cannot go is marked failed, as any other.
 */
export async function deliverBatch(
  context: ServiceContext,
  batchId: string,
  attempt: { final: boolean },
): Promise<void> {
  const batch = await findBatch(context.db, batchId);
  if (!batch) return;
  const ids = await undeliveredMessagesOf(context.db, batch.case_ids);
  let failure: Error | null = null;
  for (let i = 0; i < ids.length; i += 100) {
    const errors = await deliverMessages(
      context,
      ids.slice(i, i + 100).map((messageId) => ({ messageId, final: attempt.final })),
    );
    failure ??= errors.find((error) => error !== null) ?? null;
  }
  // The job retries; messages already delivered are skipped.
  if (failure) throw failure;
}

// ---------------------------------------------------------------------------------------------
// Progress and report

export interface BulkRunView {
  id: string;
  market: string;
  name: string;
  state: string;
  source: string;
  selector: BulkSelector | null;
  stages: BulkStage[];
  delaySeconds: Partial<Record<BulkStage, number>>;
  linesPerSecond: number;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
  lastError: string | null;
  progress: {
    lines: number;
    rejectedRows: number;
    /** Open lines by the last stage they finished (`pending`: no notice yet). */
    atStage: Record<string, number>;
    ended: { deactivated: number; reinstated: number; failed: number; cancelled: number };
    /** Line-stages per second over the last minute. */
    linesPerSecond: number;
    /** When the run should end at this rate and schedule; null when it cannot be told (or it has ended). */
    expectedEndAt: string | null;
  };
}

export async function runView(context: ServiceContext, runId: string): Promise<BulkRunView> {
  const run = await findRun(context.db, runId);
  if (!run) throw notFound(runId);
  const counts = await lineCounts(context.db, runId);
  const atStage: Record<string, number> = { pending: 0 };
  for (const stage of run.stages) atStage[stage] = 0;
  const ended = { deactivated: 0, reinstated: 0, failed: 0, cancelled: 0 };
  let lines = 0;
  let remainingSteps = 0;
  const schedule = scheduleOf(run);
  for (const row of counts) {
    const n = Number(row.count);
    lines += n;
    if (row.status === 'pending' || row.status === 'active') {
      const key = row.status === 'pending' ? 'pending' : (row.stage ?? 'pending');
      atStage[key] = (atStage[key] ?? 0) + n;
      const index = row.stage === null ? -1 : schedule.stages.indexOf(row.stage);
      remainingSteps += n * (schedule.stages.length - 1 - index);
    } else ended[row.status] += n;
  }
  const now = context.clock.now();
  const totals = await batchTotals(context.db, runId, new Date(now.getTime() - MINUTE));
  const rate = totals.recent / 60;
  let expectedEndAt: string | null = null;
  if (remainingSteps > 0 && run.state === 'running') {
    // Work at the current rate (or the run's own limit before any batch), and never before the schedule allows.
    const pace = rate > 0 ? rate : run.lines_per_second;
    const byRate = now.getTime() + (remainingSteps / pace) * 1000;
    const latestDue = await earliestDue(context.db, runId);
    const bySchedule = plannedDeactivationAt(schedule, null, latestDue ?? now).getTime();
    expectedEndAt = new Date(Math.max(byRate, bySchedule)).toISOString();
  }
  return {
    id: run.id,
    market: run.market,
    name: run.name,
    state: run.state,
    source: run.source,
    selector: run.selector,
    stages: run.stages,
    delaySeconds: run.delay_seconds,
    linesPerSecond: run.lines_per_second,
    createdBy: run.created_by,
    createdAt: new Date(run.created_at).toISOString(),
    finishedAt: run.finished_at ? new Date(run.finished_at).toISOString() : null,
    lastError: run.last_error,
    progress: {
      lines,
      rejectedRows: await rejectionCount(context.db, runId),
      atStage,
      ended,
      linesPerSecond: Math.round(rate * 100) / 100,
      expectedEndAt,
    },
  };
}

export async function listRunViews(context: ServiceContext, limit = 100): Promise<BulkRunView[]> {
  const runs = await listRuns(context.db, limit);
  return Promise.all(runs.map((run) => runView(context, run.id)));
}

export async function runRejections(context: ServiceContext, runId: string, limit = 10_000) {
  if (!(await findRun(context.db, runId))) throw notFound(runId);
  return (await listRejections(context.db, runId, limit)).map((r) => ({
    row: r.row_number,
    value: r.value,
    reason: r.reason,
    detail: r.detail,
  }));
}

/**
 * A page of a run's lines with one status, in number order (`after`: the last number of the page
 * before): the console lists the lines that could not be processed, with the reason and their case.
 */
export async function runLines(
  context: ServiceContext,
  runId: string,
  filter: { status: BulkLineStatus; after?: string | null; limit: number },
) {
  if (!(await findRun(context.db, runId))) throw notFound(runId);
  const rows = await listLines(context.db, runId, { ...filter, limit: filter.limit + 1 });
  const page = rows.slice(0, filter.limit);
  return {
    lines: page.map((l) => ({
      msisdn: l.msisdn,
      row: l.row_number,
      status: l.status,
      lastStage: l.stage,
      reason: l.reason,
      caseId: l.case_id,
      endedAt: l.stage_at[l.status] ?? null,
    })),
    next: rows.length > filter.limit ? page[page.length - 1]!.msisdn : null,
  };
}

export async function runStageTimings(context: ServiceContext, runId: string) {
  return stageTimings(context.db, runId);
}

const csvField = (value: string | number | null) => {
  const text = value === null ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/**
 * The market report of a run as CSV: every line with its outcome and when each stage happened, then
 * every rejected row of the list. Produced page by page, so a run of millions streams.
 */
export async function* runReportCsv(context: ServiceContext, runId: string): AsyncGenerator<string> {
  const run = await findRun(context.db, runId);
  if (!run) throw notFound(runId);
  const stages = run.stages;
  yield `${['msisdn', 'row', 'outcome', 'last_stage', 'reason', 'case_id', ...stages.map((s) => `${s}_at`), 'ended_at'].join(',')}\n`;
  for (let after: string | null = null; ;) {
    const page = await reportPage(context.db, runId, after, 5000);
    if (page.length === 0) break;
    yield page
      .map((l) =>
        [
          l.msisdn,
          l.row_number,
          l.status,
          l.stage,
          l.reason,
          l.case_id,
          ...stages.map((s) => l.stage_at[s] ?? null),
          l.stage_at[l.status] ?? null,
        ]
          .map(csvField)
          .join(','),
      )
      .join('\n')
      .concat('\n');
    after = page[page.length - 1]!.msisdn;
  }
  const rejected = await listRejections(context.db, runId, 1_000_000);
  for (const r of rejected) {
    yield `${[r.value, r.row_number, 'rejected', null, r.reason, null, ...stages.map(() => null), null].map(csvField).join(',')}\n`;
  }
}
