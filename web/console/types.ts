import type { CaseView as PortalCaseView, ChecklistItem } from '../portal/types';

/** A case as staff see it: the holder's view plus risk, approvals, verification and documents. */
export interface StaffCaseView extends PortalCaseView {
  staff: {
    subscriberId: string;
    reviewRoute: string | null;
    riskSignals: string[];
    approvals: string[];
    escalated: boolean;
    verification: Record<string, unknown>;
    filedBy: string | null;
    documents: { id: string; kind: string; filename: string; content_type: string; size: number; created_at: string }[];
  };
}

export interface LineLookup {
  line: { msisdn: string; iccid: string; productType: string; market: string; status: string; subscriberId: string };
  subscriber: { id: string; name: string; market: string; address: string };
  checklist: { eligible: boolean; items: ChecklistItem[]; outstanding: ChecklistItem[] };
  openCaseId: string | null;
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
