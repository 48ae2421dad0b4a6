import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { StaffRole, SessionKind } from '../domain/actors.js';
import type { CaseContacts } from '../domain/contacts.js';
import type { Checklist } from '../domain/eligibility.js';
import type { EsimProfileState, FinalProfileStatus } from '../domain/esim.js';
import type { Channel } from '../domain/evidence.js';
import type { CaseState, TimerKind } from '../domain/lifecycle.js';
import type {
  BoundServiceChannel,
  BoundServiceKind,
  BoundServiceNoticeStatus,
  CancellationDecisions,
  LineFacts,
} from '../domain/line.js';
import type { PolicyChanges, WeakenedSafeguard } from '../domain/policy/editing.js';
import type {
  BulkLineStatus,
  BulkRowRejectionReason,
  BulkRunState,
  BulkSelector,
  BulkStage,
} from '../domain/bulk-runs.js';
import type { ReportKind } from '../domain/market-reports.js';
import type { MessageLanguage } from '../domain/message-formats.js';
import type { Market, ProductType, RiskSignal } from '../domain/policy/types.js';
import type { ReviewRoute } from '../domain/risk.js';

/**
 * Kysely's view of simexit's tables (migrations in ./migrations are the source of truth).
 * Every row that belongs to a subscriber carries `subscriber_id`, so the schema can later be
 * distributed by it.
 */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A nullable instant a column added later may leave out on insert. */
type OptionalTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T extends object | null> = JSONColumnType<T, string, string>;

export interface CasesTable {
  id: string;
  subscriber_id: string;
  msisdn: string;
  iccid: string;
  product_type: ProductType;
  market: Market;
  policy_version: number;
  channel: Channel;
  state: CaseState;
  resume_state: CaseState | null;
  review_route: ReviewRoute | null;
  approvals: Json<string[]>;
  card_return_required: boolean;
  escalated: boolean;
  risk_signals: Json<RiskSignal[]>;
  decisions: Json<CancellationDecisions>;
  /** The checklist and line facts as they were at submission. */
  checklist: Json<Checklist & { facts: LineFacts }>;
  verification: Json<Record<string, unknown>>;
  /** Every contact on file when the case was filed, plus any extra address asked for (domain/contacts.ts). */
  contacts: Json<CaseContacts>;
  requested_end_date: string | null;
  line_ends_on: string;
  received_at: Timestamp;
  reason_code: string | null;
  leaving_reason: string | null;
  /** `ordinary` or `extraordinary` (with `termination_reason`, which a person reviews). */
  termination_kind: ColumnType<string, string | undefined, string>;
  termination_reason: ColumnType<string | null, string | null | undefined, string | null>;
  filed_by: string | null;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** The outside system an executing case waits for, or null. */
  waiting_on: ColumnType<string | null, string | null | undefined, string | null>;
  /** The running review deadline (state in_review); see CaseSnapshot.reviewDueAt. */
  review_due_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** Working ms left on the paused review clock (state needs_info); a bigint, which pg reads as a string. */
  review_remaining_ms: ColumnType<string | number | null, number | null | undefined, number | null>;
  /** The language of the case's messages (migration 0025); null: the market's. */
  language: ColumnType<MessageLanguage | null, MessageLanguage | null | undefined, MessageLanguage | null>;
  /** When the holder wrote on the case and staff have not answered yet (migration 0026), or null. */
  awaiting_answer_since: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** How many times the review SLA escalated in the current review; see CaseSnapshot.escalations. */
  escalations: ColumnType<number, number | undefined, number>;
}

export interface CaseEventsTable {
  id: Generated<string>;
  case_id: string;
  subscriber_id: string;
  type: string;
  from_state: CaseState | null;
  to_state: CaseState;
  actor_kind: string;
  actor_id: string | null;
  channel: Channel | null;
  reason: string | null;
  data: Json<Record<string, unknown>>;
  at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<string>;
  subscriber_id: string | null;
  actor_kind: string;
  actor_id: string | null;
  action: string;
  target: string | null;
  data: Json<Record<string, unknown>>;
  at: Timestamp;
}

export interface OutboxMessagesTable {
  id: string;
  subscriber_id: string;
  case_id: string | null;
  channel: 'sms' | 'email';
  recipient: string;
  template: string;
  subject: string;
  body: string;
  dedupe_key: string;
  created_at: Timestamp;
  delivered_at: Timestamp | null;
  attempts: Generated<number>;
  last_error: string | null;
  /** The SMSC's final word on an SMS (SMPP delivery receipt), when it sent one. */
  receipt_status: ColumnType<string | null, string | null | undefined, string | null>;
  receipt_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** Set when the last delivery attempt failed; the message is given up (src/jobs/retry-policy.ts). */
  failed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface CaseMessagesTable {
  id: string;
  case_id: string;
  subscriber_id: string;
  direction: 'inbound' | 'outbound';
  author_kind: string;
  author_id: string | null;
  body: string;
  created_at: Timestamp;
  /** A staff note the holder does not see. */
  internal: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface CaseDocumentsTable {
  id: string;
  case_id: string;
  subscriber_id: string;
  kind: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  content: Buffer;
  uploaded_by: string | null;
  created_at: Timestamp;
}

export interface TimersTable {
  id: string;
  case_id: string;
  subscriber_id: string;
  kind: TimerKind;
  due_at: Timestamp;
  fired_at: Timestamp | null;
  cancelled_at: Timestamp | null;
}

export interface ExecutionStepsTable {
  case_id: string;
  subscriber_id: string;
  step: string;
  completed_at: Timestamp;
  result: Json<Record<string, unknown>>;
}

/** The release of an eSIM line's profile at the SM-DP+, one per case (migration 0034). */
export interface EsimProfileReleasesTable {
  case_id: string;
  subscriber_id: string;
  iccid: string;
  function_call_identifier: string;
  final_profile_status: FinalProfileStatus;
  /** The profile's state the CRM reported when the status was decided; null when it said none. */
  profile_state: EsimProfileState | null;
  /** The EID and matching id the call carries, when the CRM knew them. */
  eid: string | null;
  matching_id: string | null;
  attempts: number;
  first_attempt_at: Timestamp;
  last_attempt_at: Timestamp;
  answered_at: OptionalTimestamp;
  answer: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  last_error: string | null;
  /** An attempt was answered with a refusal (the SM-DP+ did not act), not lost on the way. */
  refused: Generated<boolean>;
}

/** A notification from the SM-DP+ (ES2+ HandleDownloadProgressInfo), once per call (migration 0034). */
export interface EsimNotificationsTable {
  requester_id: string;
  function_call_identifier: string;
  case_id: string;
  subscriber_id: string;
  iccid: string;
  notification_point_id: number;
  status: string;
  received_at: Timestamp;
  event_id: string | null;
  data: Json<Record<string, unknown>>;
}

/** Each service bound to a cancelled line, as it was told (migration 0030). */
export interface BoundServiceNoticesTable {
  case_id: string;
  subscriber_id: string;
  service_id: string;
  service_kind: BoundServiceKind;
  service_name: string;
  status: BoundServiceNoticeStatus;
  channel: BoundServiceChannel | null;
  recipient: string | null;
  attempts: number;
  first_attempt_at: Timestamp;
  last_attempt_at: Timestamp;
  last_error: string | null;
  told_at: OptionalTimestamp;
  acknowledgement: string | null;
}

/** A TMF622 CancelProductOrder the operator's BSS posted, done when it was stored (migration 0031). */
export interface ProductOrderCancellationsTable {
  id: string;
  case_id: string;
  subscriber_id: string;
  /** The API client that asked. */
  client_id: string;
  cancellation_reason: string | null;
  requested_cancellation_date: OptionalTimestamp;
  /** When the case was withdrawn (TMF622 `effectiveCancellationDate`). */
  cancelled_at: Timestamp;
}

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  subscriber_id: string;
  request_hash: string;
  case_id: string;
  created_at: Timestamp;
}

export interface OtpChallengesTable {
  id: string;
  subscriber_id: string;
  msisdn: string;
  purpose: string;
  delivery: string;
  code_hash: string;
  expires_at: Timestamp;
  attempts: number;
  locked_at: Timestamp | null;
  consumed_at: Timestamp | null;
  requested_by: string | null;
  created_at: Timestamp;
}

export interface SessionsTable {
  token_hash: string;
  kind: SessionKind;
  subscriber_id: string | null;
  staff_id: string | null;
  scope: Json<{ msisdns: string[] | null }>;
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface StaffUsersTable {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  password_hash: string;
  created_at: Timestamp;
  disabled_at: Timestamp | null;
}

export interface NumberQuarantinesTable {
  case_id: string;
  subscriber_id: string;
  msisdn: string;
  market: Market;
  quarantined_at: Timestamp;
  release_at: Timestamp;
  released_at: Timestamp | null;
}

export interface NumberOwnershipEventsTable {
  id: Generated<string>;
  msisdn: string;
  subscriber_id: string | null;
  event: string;
  at: Timestamp;
  case_id: string | null;
  source: string;
  dedupe_key: string;
  recorded_at: Timestamp;
  /**
   * A deactivation's place in the revocation feed (migration 0032), given by a trigger in commit
   * order; null for every other fact. A bigint, which pg reads as a string.
   */
  feed_position: ColumnType<string | null, never, never>;
}

export interface ApiClientsTable {
  id: string;
  name: string;
  secret_hash: string;
  scopes: Json<string[]>;
  created_at: Timestamp;
  disabled_at: Timestamp | null;
}

export interface ApiTokensTable {
  token_hash: string;
  client_id: string;
  scopes: Json<string[]>;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface WebhookSubscriptionsTable {
  id: string;
  client_id: string;
  url: string;
  secret: string;
  /** The numbers the party relies on; null for every number. */
  numbers: Json<string[]> | null;
  events: Json<string[]>;
  created_at: Timestamp;
  disabled_at: Timestamp | null;
}

export interface WebhookDeliveriesTable {
  id: string;
  subscription_id: string;
  event_key: string;
  event_type: string;
  msisdn: string;
  payload: Json<Record<string, unknown>>;
  created_at: Timestamp;
  attempts: Generated<number>;
  last_status: number | null;
  last_error: string | null;
  delivered_at: Timestamp | null;
  dead_at: Timestamp | null;
}

export interface MarketReportsTable {
  id: string;
  market: Market;
  kind: ReportKind;
  period: string;
  generated_at: Timestamp;
  row_count: number;
  content: string;
}

export interface SwitchingCodesTable {
  code: string;
  kind: string;
  msisdn: string;
  subscriber_id: string;
  issued_at: Timestamp;
  expires_at: Timestamp;
}

/** Admin-edited market policies from version 2 up; version 1 is the shipped pack in src/domain/policy. */
export interface MarketPolicyVersionsTable {
  market: Market;
  version: number;
  /** The admin's values for the editable fields (domain/policy/editing.ts); the rest is the shipped pack. */
  editable_values: Json<PolicyChanges>;
  changed_by: string;
  changed_at: Timestamp;
  note: string;
  /** The second admin who approved a change that weakened a safeguard (migration 0019); else null. */
  approved_by: ColumnType<string | null, string | null | undefined, string | null>;
  approved_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  proposal_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/** The holder's lock on porting and cancellation of a number (migration 0019); open while lifted_at is null. */
export interface LineLocksTable {
  id: string;
  msisdn: string;
  subscriber_id: string;
  locked_at: Timestamp;
  /** The subscriber (account) id whose session set it. */
  locked_by: string;
  lifted_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  lifted_by: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A policy change that weakens a safeguard, waiting for a second admin (migration 0019). */
export interface MarketPolicyProposalsTable {
  id: string;
  market: Market;
  base_version: number;
  changes: Json<PolicyChanges>;
  weakened: Json<WeakenedSafeguard[]>;
  note: string;
  proposed_by: string;
  proposed_at: Timestamp;
  state: 'pending' | 'approved' | 'rejected';
  decided_by: string | null;
  decided_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  decision_note: string | null;
  version: number | null;
}

/** One fixed rate-limit window per key (route + client address); see rate-limits.repository.ts. */
/** Failed sign-ins per typed credential (staff e-mail, OAuth client id); migration 0018. */
export interface CredentialFailuresTable {
  key: string;
  failures: number;
  window_started_at: Timestamp;
  locked_until: Timestamp | null;
}

/** A request the holder confirms from the line (SMS CANCEL → YES <reference>); migration 0020. */
export interface LineConfirmationsTable {
  id: string;
  msisdn: string;
  subscriber_id: string;
  purpose: string;
  reference: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  wrong_attempts: Generated<number>;
  confirmed_at: Timestamp | null;
  voided_at: Timestamp | null;
  /** Agent call confirmations (purpose `agent_call`): the agent and the session that asked. */
  staff_id: Generated<string | null>;
  staff_session_hash: Generated<string | null>;
  /** sha256 of the one-time link's token; the token itself is only in the text to the line. */
  link_token_hash: Generated<string | null>;
  /** The holder answered "This wasn't me". */
  denied_at: OptionalTimestamp;
  /** Spent on a case (single use). */
  used_at: OptionalTimestamp;
}

export interface RateLimitBucketsTable {
  key: string;
  count: number;
  reset_at: Timestamp;
}

/** The SMSC's id for one accepted SMS part, so any process can match its delivery receipt. */
export interface SmsSubmittedPartsTable {
  /** The id normalised for matching (trimmed, lower case, no leading zeros). */
  smsc_id_key: string;
  /** The id as the SMSC wrote it in submit_sm_resp. */
  smsc_message_id: string;
  outbox_message_id: string;
  part_index: number;
  part_count: number;
  /** The TS 23.040 concatenation reference all parts of the message carry. */
  concat_reference: number;
  submitted_at: Timestamp;
}

/** A bulk deactivation run (domain/bulk-runs.ts). */
export interface BulkRunsTable {
  id: string;
  market: Market;
  name: string;
  state: BulkRunState;
  source: 'csv' | 'selector';
  selector: Json<BulkSelector> | null;
  stages: Json<BulkStage[]>;
  delay_seconds: Json<Partial<Record<BulkStage, number>>>;
  lines_per_second: number;
  batch_size: number;
  policy_version: number;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  next_due_at: Timestamp | null;
  prepare_cursor: string | null;
  last_error: string | null;
  version: ColumnType<number, number | undefined, number>;
}

export interface BulkRunLinesTable {
  id: string;
  run_id: string;
  /** The row of the uploaded list, null for a selector run. */
  row_number: number | null;
  msisdn: string;
  iccid: string;
  subscriber_id: string;
  product_type: ProductType;
  email: string | null;
  /** The account's other verified numbers when the line joined the run (migration 0017). */
  contact_numbers: ColumnType<string[], string | undefined, string>;
  status: BulkLineStatus;
  /** The last stage done; null before the notice. */
  stage: BulkStage | null;
  /** When the next stage is due; null once the line has ended. */
  due_at: Timestamp | null;
  case_id: string | null;
  reason: string | null;
  reinstate_requested_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  reinstate_requested_by: ColumnType<string | null, string | null | undefined, string | null>;
  reinstate_note: ColumnType<string | null, string | null | undefined, string | null>;
  stage_at: ColumnType<Record<string, string>, string | undefined, string>;
  updated_at: Timestamp;
  /** The account's language in the CRM when the line joined the run (BCP 47; migration 0025). */
  language: ColumnType<string | null, string | null | undefined, string | null>;
}

/** How many lines of a run are at each status and stage, kept by triggers on bulk_run_lines (migration 0022). */
export interface BulkRunLineCountsTable {
  run_id: string;
  status: BulkLineStatus;
  /** The last stage done; '' before the notice. */
  stage: BulkStage | '';
  lines: ColumnType<string, string | number, string | number>;
}

export interface BulkRunRejectionsTable {
  run_id: string;
  row_number: number;
  value: string;
  reason: BulkRowRejectionReason;
  detail: string | null;
}

export interface BulkRunBatchesTable {
  id: string;
  run_id: string;
  stage: BulkStage | 'reinstate' | 'cancel';
  lines: number;
  reinstated: number;
  failed: number;
  started_at: Timestamp;
  finished_at: Timestamp;
  case_ids: string[];
}

/** The demo clock's shared offset (migration 0026): one row, read only when the demo operator runs. */
export interface DemoClockTable {
  singleton: boolean;
  /** A bigint, which pg reads as a string. */
  offset_ms: ColumnType<string | number, number, number>;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface DB {
  demo_clock: DemoClockTable;
  bulk_runs: BulkRunsTable;
  bulk_run_lines: BulkRunLinesTable;
  bulk_run_line_counts: BulkRunLineCountsTable;
  bulk_run_rejections: BulkRunRejectionsTable;
  bulk_run_batches: BulkRunBatchesTable;
  cases: CasesTable;
  case_events: CaseEventsTable;
  audit_log: AuditLogTable;
  outbox_messages: OutboxMessagesTable;
  case_messages: CaseMessagesTable;
  case_documents: CaseDocumentsTable;
  timers: TimersTable;
  execution_steps: ExecutionStepsTable;
  bound_service_notices: BoundServiceNoticesTable;
  esim_profile_releases: EsimProfileReleasesTable;
  esim_notifications: EsimNotificationsTable;
  product_order_cancellations: ProductOrderCancellationsTable;
  idempotency_keys: IdempotencyKeysTable;
  otp_challenges: OtpChallengesTable;
  sessions: SessionsTable;
  staff_users: StaffUsersTable;
  number_quarantines: NumberQuarantinesTable;
  number_ownership_events: NumberOwnershipEventsTable;
  api_clients: ApiClientsTable;
  api_tokens: ApiTokensTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  market_reports: MarketReportsTable;
  switching_codes: SwitchingCodesTable;
  market_policy_versions: MarketPolicyVersionsTable;
  market_policy_proposals: MarketPolicyProposalsTable;
  line_locks: LineLocksTable;
  rate_limit_buckets: RateLimitBucketsTable;
  sms_submitted_parts: SmsSubmittedPartsTable;
  credential_failures: CredentialFailuresTable;
  line_confirmations: LineConfirmationsTable;
  holder_languages: HolderLanguagesTable;
  deployment_settings: DeploymentSettingsTable;
}

/** The language a holder last chose in the portal (migration 0025). */
export interface HolderLanguagesTable {
  subscriber_id: string;
  language: MessageLanguage;
  chosen_at: Timestamp;
}

/** Values every process shares, e.g. `public_url`, the address the API serves under (migration 0025). */
export interface DeploymentSettingsTable {
  key: string;
  value: string;
  updated_at: Timestamp;
}
