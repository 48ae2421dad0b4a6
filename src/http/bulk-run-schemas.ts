import { z } from 'zod';
import { bulkLineStatuses, bulkRowRejectionReasons, bulkRunStates, bulkStages } from '../domain/bulk-runs.js';
import { markets } from '../domain/policy/types.js';
import { instant } from './responses.js';

/** The bulk deactivation runs as the API answers them (routes/bulk-runs.ts; the console reads them). */

export const bulkRunView = z
  .object({
    id: z.uuid(),
    market: z.enum(markets),
    name: z.string(),
    state: z.enum(bulkRunStates),
    source: z.enum(['csv', 'selector']),
    selector: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('unregistered'), registeredBefore: z.string() }),
        z.object({ kind: z.literal('dormant_prepaid'), inactiveDays: z.number() }),
      ])
      .nullable(),
    stages: z.array(z.enum(bulkStages)),
    delaySeconds: z.record(z.string(), z.number()).describe('Seconds before each stage'),
    linesPerSecond: z.number(),
    createdBy: z.string(),
    createdAt: instant,
    finishedAt: instant.nullable(),
    lastError: z.string().nullable(),
    progress: z.object({
      lines: z.number(),
      rejectedRows: z.number(),
      atStage: z.record(z.string(), z.number()).describe('Open lines by the last stage they finished (pending: none)'),
      ended: z.object({ deactivated: z.number(), reinstated: z.number(), failed: z.number(), cancelled: z.number() }),
      linesPerSecond: z.number().describe('Line-stages per second over the last minute'),
      expectedEndAt: instant.nullable(),
    }),
  })
  .meta({ id: 'BulkRunView' });

/** domain/bulk-runs.ts BulkRowRejection: a row of an uploaded list that was not taken. */
export const rowRejection = z.object({
  row: z.number().describe('1-based line number in the file, the header included'),
  value: z.string(),
  reason: z.enum(bulkRowRejectionReasons),
  detail: z.string().nullable().optional(),
});

export const createdRun = z.object({
  run: bulkRunView,
  accepted: z.number(),
  rejected: z.object({ total: z.number(), rows: z.array(rowRejection) }),
});

export const runLinePage = z.object({
  lines: z.array(
    z.object({
      msisdn: z.string(),
      row: z.number().nullable(),
      status: z.enum(bulkLineStatuses),
      lastStage: z.string().nullable(),
      reason: z.string().nullable(),
      caseId: z.uuid().nullable(),
      endedAt: instant.nullable(),
    }),
  ),
  next: z.string().nullable().describe('Pass as after for the next page; null on the last'),
});
