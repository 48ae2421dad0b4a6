import type { z } from 'zod';
import type { staffCaseView } from '../../src/http/case-view-schemas.js';
import type { ChecklistItem } from '../portal/types';
import type { BulkRunState } from '../../src/domain/bulk-runs.js';

/** A case as staff see it: the holder's view plus risk, approvals, verification and documents. */
export type StaffCaseView = z.output<typeof staffCaseView>;
/** What raised one risk signal (src/domain/risk.ts SignalEvidence); null for a case assessed before it was kept. */
export type SignalEvidence = NonNullable<StaffCaseView['staff']['riskContext']['signals'][number]['evidence']>;

export interface LineLookup {
  line: { msisdn: string; iccid: string; productType: string; market: string; status: string; subscriberId: string };
  subscriber: { id: string; name: string; market: string; address: string };
  checklist: { eligible: boolean; items: ChecklistItem[]; outstanding: ChecklistItem[] };
  openCaseId: string | null;
  /** The language the holder's messages are written in now, and those the agent may record instead. */
  language: { current: string; offered: string[] };
}

export interface WorkRow {
  id: string;
  reference: string;
  msisdn: string;
  iccid: string;
  market: string;
  channel: string;
  state: string;
  waitingOn: string | null;
  reasonCode: string | null;
  /** The reason on the case's latest event, e.g. what an outside system answered. */
  lastReason: string | null;
  receivedAt: string;
  updatedAt: string;
  deadline: string | null;
  overdue: boolean;
}

/** GET /v1/admin/bulk-runs/:id (services/bulk-runs.service.ts BulkRunView). */
export interface BulkRunView {
  id: string;
  market: string;
  name: string;
  state: BulkRunState;
  source: 'csv' | 'selector';
  selector:
    { kind: 'unregistered'; registeredBefore: string } | { kind: 'dormant_prepaid'; inactiveDays: number } | null;
  stages: string[];
  delaySeconds: Record<string, number>;
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
    linesPerSecond: number;
    expectedEndAt: string | null;
  };
}

/** A row of an uploaded list that was not taken, as the API reports it (domain/bulk-runs.ts BulkRowRejection). */
export interface BulkRowRejection {
  row: number;
  value: string;
  reason: string;
  detail?: string | null;
}

/** POST /v1/admin/bulk-runs answers 201 with this. */
export interface CreatedBulkRun {
  run: BulkRunView;
  accepted: number;
  rejected: { total: number; rows: BulkRowRejection[] };
}

/** GET /v1/admin/bulk-runs/:id/lines */
export interface BulkRunLinePage {
  lines: {
    msisdn: string;
    row: number | null;
    status: string;
    lastStage: string | null;
    reason: string | null;
    caseId: string | null;
    endedAt: string | null;
  }[];
  next: string | null;
}
