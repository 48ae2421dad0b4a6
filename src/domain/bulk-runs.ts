import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { isSimexitError, SimexitError } from './errors.js';
import { parseMsisdn, type MsisdnCountry } from './identifiers.js';
import type { CaseCommand } from './lifecycle.js';
import type { BulkCause } from './notifications.js';
import { DAY_SECONDS } from './time.js';

/**
 * Bulk deactivation runs: an operator bars and then deactivates many lines at a deadline, with a
 * notice to every holder and a grace period in which a holder who fixes the cause is reinstated.
 * Regulators have forced such runs at national scale (Nigeria barred more than 40 M lines without a
 * linked national identity number in 2024; the Philippines deactivated about 60 M unregistered SIMs
 * at the July 2023 deadline of its SIM Registration Act, RA 11934; Pakistan blocked 22–25 M
 * unverified SIMs in 2015), and operators sweep dormant prepaid lines on their own terms.
 *
 * This module is the pure part: the stage table, the transitions of a run and of one line of it,
 * and the validation of an uploaded list.
 */

/** The stages of a run, in order. Each line goes through the run's stages one by one. */
export const bulkStages = ['notice', 'bar_outgoing', 'bar_full', 'deactivate'] as const;
export type BulkStage = (typeof bulkStages)[number];

/**
 * What each stage does to the line's case (domain/lifecycle.ts decides the rest), the stage having
 * started at `startedAt`: the deactivation quarantines the numbers then.
 */
export const stageCommand: { readonly [S in BulkStage]: (startedAt: Date) => CaseCommand } = {
  notice: () => ({ type: 'bulk_notice' }),
  bar_outgoing: () => ({ type: 'bar_outgoing' }),
  bar_full: () => ({ type: 'bar_full' }),
  deactivate: (startedAt) => ({ type: 'bulk_deactivate', quarantinedAt: startedAt }),
};

/** The network action of a stage; the notice changes nothing in the network. */
export const stageNetworkAction: { readonly [S in BulkStage]: BulkNetworkAction | null } = {
  notice: null,
  bar_outgoing: 'bar_outgoing',
  bar_full: 'bar_full',
  deactivate: 'deactivate',
};
export const bulkNetworkActions = ['bar_outgoing', 'bar_full', 'unbar', 'deactivate'] as const;
export type BulkNetworkAction = (typeof bulkNetworkActions)[number];

/** How a run picks its lines when it is not given a list: questions the CRM port answers. */
export type BulkSelector =
  { kind: 'unregistered'; registeredBefore: string } | { kind: 'dormant_prepaid'; inactiveDays: number };
export const bulkSelectorKinds = ['unregistered', 'dormant_prepaid'] as const;

/** The cause the holder is told to fix, for the messages (domain/notifications.ts). */
export function causeOf(selector: BulkSelector | null): BulkCause {
  if (!selector) return 'operator_list';
  return selector.kind === 'unregistered' ? 'unregistered' : 'dormant';
}

/**
 * A run's schedule: which stages it has and, for each stage after the notice, how long after the
 * previous stage of the same line it is due. Counting from each line's own previous stage means a
 * throttled run still gives every holder the full grace period, however late their notice went out.
 */
export interface BulkSchedule {
  stages: BulkStage[];
  /** Seconds after the line's previous stage; the notice is due when the run starts. */
  delaySeconds: Partial<Record<BulkStage, number>>;
}

/** A market's defaults, shipped in its policy pack (src/domain/policy/*.ts) with their sources. */
export interface BulkDeactivationDefaults {
  stages: BulkStage[];
  /** Days after the previous stage. */
  delayDays: Partial<Record<Exclude<BulkStage, 'notice'>, number>>;
  /** Inactivity after which a prepaid line counts as dormant, for the dormant sweep. */
  dormantDays: number;
  sources: string[];
}

/** A run's schedule from the market's defaults, with the admin's overrides (seconds) on top. */
export function scheduleFor(
  defaults: BulkDeactivationDefaults,
  overrides: { stages?: BulkStage[]; delaySeconds?: Partial<Record<BulkStage, number>> } = {},
): BulkSchedule {
  const stages = overrides.stages ?? defaults.stages;
  validateStages(stages);
  const delaySeconds: Partial<Record<BulkStage, number>> = {};
  for (const stage of stages) {
    if (stage === 'notice') continue;
    const given = overrides.delaySeconds?.[stage];
    const seconds = given ?? (defaults.delayDays[stage] ?? 0) * DAY_SECONDS;
    if (!Number.isInteger(seconds) || seconds < 0) {
      throw new SimexitError(
        'VALIDATION_FAILED',
        `The delay before ${stage} must be a whole number of seconds, 0 or more.`,
        {
          field: `delaySeconds.${stage}`,
        },
      );
    }
    delaySeconds[stage] = seconds;
  }
  return { stages, delaySeconds };
}

/** A run starts with the notice and ends with the deactivation, in table order, each stage at most once. */
export function validateStages(stages: readonly BulkStage[]): void {
  const ordered = bulkStages.filter((stage) => stages.includes(stage));
  const ok =
    stages.length === ordered.length &&
    stages.every((stage, i) => stage === ordered[i]) &&
    stages[0] === 'notice' &&
    stages[stages.length - 1] === 'deactivate';
  if (!ok) {
    throw new SimexitError(
      'VALIDATION_FAILED',
      'A run’s stages start with notice, end with deactivate, and keep the order notice, bar_outgoing, bar_full, deactivate.',
      { field: 'stages', stages },
    );
  }
}

/** The stage after `current` (null: none done yet), or null when the line has been through them all. */
export function nextStage(schedule: BulkSchedule, current: BulkStage | null): BulkStage | null {
  if (current === null) return schedule.stages[0] ?? null;
  const index = schedule.stages.indexOf(current);
  return schedule.stages[index + 1] ?? null;
}

/** When the stage after `done` is due for a line that finished `done` at `at`; null after the last. */
export function nextDueAt(schedule: BulkSchedule, done: BulkStage, at: Date): Date | null {
  const next = nextStage(schedule, done);
  if (next === null) return null;
  return new Date(at.getTime() + (schedule.delaySeconds[next] ?? 0) * 1000);
}

/** When a line whose stage `done` finished at `at` will be deactivated if nothing changes. */
export function plannedDeactivationAt(schedule: BulkSchedule, done: BulkStage | null, at: Date): Date {
  let seconds = 0;
  let stage = nextStage(schedule, done);
  if (done === null) stage = nextStage(schedule, stage);
  for (; stage !== null; stage = nextStage(schedule, stage)) seconds += schedule.delaySeconds[stage] ?? 0;
  return new Date(at.getTime() + seconds * 1000);
}

// ---------------------------------------------------------------------------------------------
// The run

export const bulkRunStates = ['preparing', 'running', 'paused', 'cancelling', 'cancelled', 'completed'] as const;
export type BulkRunState = (typeof bulkRunStates)[number];

export const bulkRunCommands = ['prepared', 'pause', 'resume', 'cancel', 'cancel_finished', 'finish'] as const;
export type BulkRunCommand = (typeof bulkRunCommands)[number];
/** The commands an admin gives a run (the others are the run's own steps). */
export const adminRunCommands = ['pause', 'resume', 'cancel'] as const satisfies readonly BulkRunCommand[];
export type AdminRunCommand = (typeof adminRunCommands)[number];

/**
 * The run's transition table. `preparing` gathers the lines of a selector run; `cancelling` gives
 * the lines not yet deactivated back to their holders (bars lifted) before the run is `cancelled`.
 * Deactivated lines stay deactivated: a cancellation cannot undo what the network already did.
 */
export const bulkRunTransitions: { readonly [S in BulkRunState]: Partial<Record<BulkRunCommand, BulkRunState>> } = {
  preparing: { prepared: 'running', cancel: 'cancelling' },
  running: { pause: 'paused', cancel: 'cancelling', finish: 'completed' },
  paused: { resume: 'running', cancel: 'cancelling' },
  cancelling: { cancel_finished: 'cancelled' },
  cancelled: {},
  completed: {},
};

/** @throws SimexitError ILLEGAL_TRANSITION when the run cannot take the command in its state. */
export function decideRun(state: BulkRunState, command: BulkRunCommand): BulkRunState {
  const next = bulkRunTransitions[state][command];
  if (!next) {
    throw new SimexitError(
      'ILLEGAL_TRANSITION',
      `A run that is ${state} cannot take "${command.replace(/_/g, ' ')}".`,
      {
        state,
        command,
        allowed: bulkRunCommands.filter((c) => bulkRunTransitions[state][c] !== undefined),
      },
    );
  }
  return next;
}

/** Whether the run takes new stage work. Paused and cancelling runs keep their lines where they are. */
export function runAdvances(state: BulkRunState): boolean {
  return state === 'running';
}

// ---------------------------------------------------------------------------------------------
// One line of a run

export const bulkLineStatuses = ['pending', 'active', 'deactivated', 'reinstated', 'failed', 'cancelled'] as const;
export type BulkLineStatus = (typeof bulkLineStatuses)[number];

export type BulkLineEvent =
  | { type: 'stage_done'; stage: BulkStage; last: boolean }
  | { type: 'reinstate' }
  | { type: 'fail' }
  | { type: 'cancel' };

/**
 * A line is `pending` until its notice (it has no case yet), `active` through its stages, and ends
 * `deactivated`, `reinstated` (the holder fixed the cause, or an agent decided), `failed` (it could not be
 * processed, with the reason; never silently skipped) or `cancelled` (the run was, before its notice).
 */
export function decideLine(status: BulkLineStatus, event: BulkLineEvent): BulkLineStatus {
  const open = status === 'pending' || status === 'active';
  const illegal = () =>
    new SimexitError('ILLEGAL_TRANSITION', `A run line that is ${status} cannot take "${event.type}".`, {
      state: status,
      command: event.type,
    });
  if (!open) throw illegal();
  switch (event.type) {
    case 'stage_done':
      if (status === 'pending' && event.stage !== 'notice') throw illegal();
      return event.last ? 'deactivated' : 'active';
    case 'reinstate':
      if (status === 'pending') throw illegal();
      return 'reinstated';
    case 'fail':
      return 'failed';
    case 'cancel':
      return status === 'pending' ? 'cancelled' : 'reinstated';
  }
}

/** Why a line of a run could not be processed (shown per line, in the report and the API). */
export const bulkLineFailureReasons = [
  'case_already_open',
  'line_not_found',
  'line_not_active',
  'network_refused',
] as const;
export type BulkLineFailureReason = (typeof bulkLineFailureReasons)[number];

// ---------------------------------------------------------------------------------------------
// The uploaded list

/** Why a row of an uploaded list was not taken: reported with its row number and value, nothing applied. */
export const bulkRowRejectionReasons = [
  'malformed_row',
  'invalid_number',
  'duplicate',
  'other_market',
  'unknown_number',
  'line_not_active',
] as const;
export type BulkRowRejectionReason = (typeof bulkRowRejectionReasons)[number];

export interface BulkRowRejection {
  /** 1-based line number in the file, the header included. */
  row: number;
  value: string;
  reason: BulkRowRejectionReason;
  detail?: string;
}

export interface ParsedBulkList {
  accepted: { row: number; msisdn: string }[];
  rejected: BulkRowRejection[];
}

/** Longest value kept in a rejection, so a garbage upload cannot bloat the report. */
const MAX_VALUE = 64;
const HEADER = /^\s*"?(msisdn|number|phone_?number)"?\s*$/i;

/**
 * Reads an uploaded list: one number per row, an optional header (`msisdn`), blank lines ignored
 * (they carry no value to report). Each row is parsed as a phone number of the market's country
 * (national or international form); numbers of another country, malformed rows and repeats are
 * rejected row by row. The CRM checks (unknown number, line not active) come later, in the service.
 */
export function parseBulkList(text: string, country: MsisdnCountry): ParsedBulkList {
  const accepted: ParsedBulkList['accepted'] = [];
  const rejected: BulkRowRejection[] = [];
  const firstRow = new Map<string, number>();
  const rows = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  rows.forEach((raw, index) => {
    const row = index + 1;
    if (raw.trim() === '') return;
    if (row === 1 && HEADER.test(raw)) return;
    const value = raw.length > MAX_VALUE ? `${raw.slice(0, MAX_VALUE)}…` : raw;
    const fields = raw.split(/[,;\t]/);
    if (fields.length !== 1 && fields.slice(1).some((field) => field.trim() !== '')) {
      rejected.push({ row, value, reason: 'malformed_row', detail: 'one number per row, nothing else' });
      return;
    }
    const field = fields[0]!.trim().replace(/^"(.*)"$/, '$1');
    let msisdn: string;
    try {
      msisdn = parseMsisdn(field, country);
    } catch (error) {
      if (!isSimexitError(error)) throw error;
      rejected.push({ row, value, reason: 'invalid_number', detail: String(error.details?.reason ?? 'invalid') });
      return;
    }
    if (!isOfCountry(msisdn, country)) {
      rejected.push({ row, value, reason: 'other_market', detail: `not a number of ${country}` });
      return;
    }
    const earlier = firstRow.get(msisdn);
    if (earlier !== undefined) {
      rejected.push({ row, value, reason: 'duplicate', detail: `same number as row ${earlier}` });
      return;
    }
    firstRow.set(msisdn, row);
    accepted.push({ row, msisdn });
  });
  return { accepted, rejected };
}

const callingCodes: Record<MsisdnCountry, string> = { GB: '+44', DE: '+49', CN: '+86', US: '+1' };

/** +1 is shared by the whole North American plan: a US market takes only numbers libphonenumber places in the US. */
function isOfCountry(msisdn: string, country: MsisdnCountry): boolean {
  if (!msisdn.startsWith(callingCodes[country])) return false;
  if (country !== 'US') return true;
  const region = parsePhoneNumberFromString(msisdn)?.country;
  return region === undefined || region === 'US';
}
