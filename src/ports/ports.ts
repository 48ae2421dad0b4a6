import type { BulkNetworkAction, BulkSelector } from '../domain/bulk-runs.js';
import type { ContactNumber } from '../domain/contacts.js';
import type { EsimProfileState, FinalProfileStatus, StatusCodeData } from '../domain/esim.js';
import type { BoundService, BoundServiceChannel, LineStatus } from '../domain/line.js';
import type { Market, ProductType } from '../domain/policy/types.js';

/**
 * The outside systems simexit talks to. Each is an interface with a demo implementation
 * (adapters/demo, the demo operator) and, later, an HTTP adapter for a real BSS/OSS.
 * Calls that change something carry an idempotency key: repeating a call with the same key must
 * not repeat its effect, which is what makes a retried or crash-restarted job safe.
 */
export interface SubscriberRecord {
  id: string;
  name: string;
  email: string;
  accountLogin: string | null;
  dateOfBirth: string | null;
  address: string;
  idDocument: { type: string; number: string } | null;
  market: Market;
  /** When the account's contact details (e-mail, address) last changed: a fraud signal. */
  contactChangedAt: Date | null;
  /**
   * The account's other contact numbers (not its lines): the verified ones receive every safety message,
   * and any one added or changed recently is a fraud signal like a changed e-mail.
   */
  contactNumbers: ContactNumber[];
  /** The language the account prefers for messages (BCP 47, e.g. zh-CN), or null when none is stored. */
  language: string | null;
}

export interface LineRecord {
  msisdn: string;
  iccid: string;
  subscriberId: string;
  productType: ProductType;
  market: Market;
  status: LineStatus;
  /**
   * An eSIM line's profile as the CRM knows it: whether it was ever downloaded, and the device (EID)
   * and activation code (matching id) it is tied to. Null or absent for other lines, and when the CRM
   * does not say (then the profile is treated as downloaded: domain/esim.ts finalProfileStatusFor).
   */
  esimProfile?: EsimProfileFacts | null;
}

export interface EsimProfileFacts {
  state: EsimProfileState;
  /** The eUICC the profile was downloaded to (32 digits), when known. */
  eid: string | null;
  /** The activation code's matching id at the SM-DP+, when known. */
  matchingId: string | null;
}

/**
 * A line with the contacts a bulk run writes to (the account's e-mail and its other verified numbers),
 * so a run needs one call per batch.
 */
export interface BulkLineRecord extends LineRecord {
  email: string | null;
  /** The account's verified contact numbers other than its lines. */
  contactNumbers: string[];
  /** The account's preferred language for messages (BCP 47), or null. */
  language: string | null;
}

export interface CrmPort {
  findLine(msisdn: string): Promise<LineRecord | null>;
  getSubscriber(subscriberId: string): Promise<SubscriberRecord | null>;
  listLines(subscriberId: string): Promise<LineRecord[]>;
  listBoundServices(msisdn: string): Promise<BoundService[]>;
  /** Lines by the card's serial number, or every line of the account with this login (staff search). */
  searchLines(query: { iccid: string } | { accountLogin: string }): Promise<LineRecord[]>;
  /** Many lines at once (an uploaded list); numbers the CRM does not know are simply absent from the answer. */
  lookupLines(msisdns: string[]): Promise<BulkLineRecord[]>;
  /**
   * Active lines of a market the selector picks (not registered by a date, prepaid and dormant for N days),
   * in number order after `after`, at most `limit`: a keyset walk, so a run over millions pages through.
   */
  selectLines(
    selector: BulkSelector,
    page: { market: Market; after: string | null; limit: number },
  ): Promise<BulkLineRecord[]>;
  /** Which of `msisdns` the selector still picks: the others' holders fixed the cause and are reinstated. */
  stillSelected(selector: BulkSelector, msisdns: string[]): Promise<string[]>;
}

export interface AccountStanding {
  debtMinor: number;
  paymentArrangement: boolean;
  contract: { minimumTermEndsOn: string; earlyTerminationChargeMinor: number } | null;
  prepaid: { creditMinor: number; dataMb: number } | null;
}

export type BalanceInstruction =
  | { option: 'transfer'; toMsisdn: string; creditMinor: number; dataMb: number }
  | { option: 'refund'; amountMinor: number }
  | { option: 'forfeit'; creditMinor: number; dataMb: number };

/** The line credit went to, as billing reports it: its balance just before and just after the credit arrived. */
export interface TransferTargetBalance {
  msisdn: string;
  creditBeforeMinor: number;
  creditAfterMinor: number;
  dataBeforeMb: number;
  dataAfterMb: number;
}

/** Billing's answer to a balance action (TMF654-style). */
export interface BalanceMoveResult {
  reference: string;
  /**
   * A transfer: the target line's balance before and after, so the move can be traced on both lines;
   * null (or absent) when billing does not report it.
   */
  target?: TransferTargetBalance | null;
}

export interface BillingPort {
  getStanding(msisdn: string): Promise<AccountStanding>;
  /** Stops recurring charges and issues the final bill (including any accepted early-termination charge). */
  closeAccount(
    msisdn: string,
    input: { earlyTerminationChargeMinor: number },
    key: string,
  ): Promise<{ finalBillMinor: number }>;
  /**
   * Transfers, refunds or forfeits the prepaid balance, once per key. A transfer to a line that cannot
   * hold credit (gone, inactive, post-paid) is refused with an error, never applied to nothing.
   */
  moveBalance(msisdn: string, instruction: BalanceInstruction, key: string): Promise<BalanceMoveResult>;
}

export interface LineAction {
  msisdn: string;
  iccid: string;
  action: BulkNetworkAction;
  /** Applied once per key; a repeat answers the first result. */
  key: string;
}

export type LineActionResult =
  { key: string; ok: true; at: Date } | { key: string; ok: false; reason: 'line_not_found' | 'line_not_active' };

export interface ProvisioningPort {
  /**
   * Deactivates the SIM and the line in the network (HLR/HSS). Idempotent by key. An eSIM's profile is
   * released at the SM-DP+ afterwards, through EsimPort.
   */
  deactivateLine(msisdn: string, iccid: string, key: string): Promise<{ deactivatedAt: Date }>;
  /** Bars outgoing calls and texts, or all service (incoming too). Idempotent by key. */
  barLine(msisdn: string, iccid: string, level: 'outgoing' | 'full', key: string): Promise<{ at: Date }>;
  /** Lifts every bar on the line. Idempotent by key; lifting on an unbarred line changes nothing. */
  unbarLine(msisdn: string, iccid: string, key: string): Promise<{ at: Date }>;
  /**
   * Many bars, unbars or deactivations in one request, each keyed: a bulk run's batch. One result per
   * action, in order; a line the network cannot act on is a result with its reason, not an error.
   */
  applyLineActions(actions: LineAction[]): Promise<LineActionResult[]>;
}

export interface NumbersPort {
  quarantine(msisdn: string, until: Date, key: string): Promise<void>;
  /** Many quarantines in one request (a bulk run's batch), each keyed like `quarantine`. */
  quarantineMany(items: { msisdn: string; until: Date; key: string }[]): Promise<void>;
  release(msisdn: string, key: string): Promise<void>;
}

export interface OutgoingMessage {
  /** The outbox message id: the channel must deliver each id at most once. */
  id: string;
  to: string;
  subject: string;
  body: string;
}

export interface SmsPort {
  send(message: OutgoingMessage): Promise<void>;
}

export interface EmailPort {
  send(message: OutgoingMessage): Promise<void>;
}

/**
 * When the SIM card behind a number last changed (CAMARA SIM Swap `retrieve-date`). A cancellation
 * right after a SIM swap is a classic account-takeover pattern, so it sends the case to review.
 */
export interface SimSwapPort {
  latestSimChange(msisdn: string): Promise<Date | null>;
}

/** A bound service's answer to being told that the number is gone. */
export interface BoundServiceAcknowledgement {
  /** Over what it was told. */
  channel: BoundServiceChannel;
  /** Whom exactly: the endpoint, the partner interface or the operator system that took the notice. */
  recipient: string;
  /** What the service answered (its reference for the notice, or its words). */
  acknowledgement: string;
  answeredAt: Date;
}

export interface WebhooksPort {
  /**
   * Tells a service that used the number (bank, payment app…) that the line is gone, and answers
   * what it said. Once per key: a repeat answers the first acknowledgement. A service that does not
   * answer is an error (the execution job retries it).
   */
  notifyBoundService(
    msisdn: string,
    service: BoundService,
    event: 'line_deactivated',
    key: string,
  ): Promise<BoundServiceAcknowledgement>;
}

/** What simexit asks the SM-DP+ to do with a line's profile (ES2+ CancelOrder's input, SGP.22 §5.3.3). */
export interface EsimProfileRelease {
  iccid: string;
  eid: string | null;
  matchingId: string | null;
  finalProfileStatusIndicator: FinalProfileStatus;
}

/** The SM-DP+'s answer to a release that took effect. */
export interface EsimReleaseResult {
  /** The ES2+ `functionCallIdentifier` the call carried (derived from the key, the same on every repeat). */
  functionCallIdentifier: string;
  /**
   * `Executed-Success` or `Executed-WithWarning` as the SM-DP+ answered, or `AlreadyFinal`: a repeated
   * call that the SM-DP+ refused because the profile had already left the cancellable states (the
   * earlier call took effect and its answer was lost).
   */
  status: 'Executed-Success' | 'Executed-WithWarning' | 'AlreadyFinal';
  /** The status code data of a warning or of the refusal taken as done. */
  statusCodeData: StatusCodeData | null;
}

/** The SM-DP+ refused the call for a reason a retry will not change (SGP.22 status code data). */
export class EsimFunctionFailedError extends Error {
  constructor(
    readonly functionName: string,
    readonly status: string,
    readonly statusCodeData: StatusCodeData | null,
  ) {
    const codes = statusCodeData ? ` ${statusCodeData.subjectCode}/${statusCodeData.reasonCode}` : '';
    const words = statusCodeData?.message ? `: ${statusCodeData.message}` : '';
    super(`SM-DP+ ${functionName} ${status}${codes}${words}`);
    this.name = 'EsimFunctionFailedError';
  }
}

/**
 * The operator's SM-DP+ (GSMA SGP.22 ES2+). Ending an eSIM line releases its profile there, so the
 * profile is either retired for good or returned to stock (docs/ESIM-ES2PLUS.md).
 */
export interface EsimPort {
  /**
   * ES2+ CancelOrder for the profile, once per key (the key is the call's functionCallIdentifier, so a
   * repeat after a crash is the same call). `repeated`: an earlier attempt with this key may have
   * reached the SM-DP+, so a refusal because the profile is no longer cancellable means it took effect.
   * An outage or 5xx is OutsideSystemUnavailableError (retried); any other refusal is
   * EsimFunctionFailedError.
   */
  releaseProfile(profile: EsimProfileRelease, key: string, attempt: { repeated: boolean }): Promise<EsimReleaseResult>;
}

/**
 * Name resolution. Webhook targets are resolved through this port at registration and again at
 * every delivery, and the delivery connects to exactly the address that was checked.
 */
export interface DnsPort {
  resolve(host: string): Promise<{ address: string; family: 4 | 6 }[]>;
}

export interface Ports {
  crm: CrmPort;
  billing: BillingPort;
  provisioning: ProvisioningPort;
  numbers: NumbersPort;
  sms: SmsPort;
  email: EmailPort;
  webhooks: WebhooksPort;
  simSwap: SimSwapPort;
  esim: EsimPort;
  dns: DnsPort;
}
