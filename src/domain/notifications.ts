import type { NotificationTemplate } from './lifecycle.js';
import type { MessageLanguage } from './message-formats.js';
import { isOneOf } from './one-of.js';
import { rejectionReasons, type RejectionReason } from './rejection-reasons.js';

export {
  messageLanguageFor,
  messageLanguages,
  supportedMessageLanguage,
  type MessageLanguage,
} from './message-formats.js';

/**
 * Everything simexit tells a holder by SMS and e-mail, in English, Simplified Chinese and German,
 * each complete in itself (no sentence falls back to another language; notifications.test.ts renders
 * every text in every language and fails on one that is not translated).
 * Every message names the official channels and says what the operator never asks for: real-world
 * cancellation scams impersonate the operator by phone and DM to harvest passwords and card numbers.
 * Values (dates, amounts) arrive already written in the message's language (domain/message-formats.ts).
 */

export interface NotificationData {
  reference: string;
  maskedMsisdn: string;
  receivedAt: string;
  lineEndsOn: string;
  caseUrl: string;
  /** The address of simexit (PUBLIC_URL): each language adds "or the number printed on your bill". */
  officialChannels: string;
  /** A rejection reason code ({@link rejectionReasons}); the holder reads it in words, never the code. */
  reason?: string | null;
  infoRequest?: string | null;
  cardReturnAddress?: string | null;
  cardReturnDeadlineDays?: number | null;
  /** Bulk deactivation runs: what the holder must fix (a code of {@link bulkCauses}) and by when. */
  bulkCause?: string | null;
  bulkDeadline?: string | null;
  /**
   * The "cancelled" message: the services bound to the number that were told it is gone, already
   * joined as a list in the message's language; absent or empty when the line had none (nothing is
   * said about services then).
   */
  boundServicesTold?: string | null;
  /**
   * The "cancelled" message of an eSIM line: the profile was released at the operator's SM-DP+ and
   * the holder is asked to delete it from the phone, where it stays listed until they do.
   */
  deleteEsimProfile?: boolean | null;
}

/** Why a bulk run deactivates lines, as the holder reads it in each language. */
export const bulkCauses = ['unregistered', 'dormant', 'operator_list'] as const;
export type BulkCause = (typeof bulkCauses)[number];

export interface RenderedMessage {
  subject: string;
  body: string;
}

type SwitchingCode = 'PAC' | 'STAC';

/** The replies to keywords texted from a line (services/sms-keywords.service.ts). */
export const keywordReplies = [
  'help',
  'switching_not_here',
  'switching_locked',
  'pac_blocked',
  'code_issued',
  'info',
  'nothing_to_answer',
  'call_denied_thanks',
  'sim_changed_recently',
  'cancel_locked',
  'cancel_confirm',
  'call_confirmed',
  'nothing_to_confirm',
  'wrong_reference_void',
  'wrong_reference',
  'cancelling',
  'could_not_start',
] as const;
export type KeywordReply = (typeof keywordReplies)[number];

/** Why a cancellation texted from the line could not be filed, in words the holder can act on. */
export const smsFilingProblems = ['not_eligible', 'already_open', 'locked', 'other'] as const;
export type SmsFilingProblem = (typeof smsFilingProblems)[number];

/** What leaving costs and what is left (UK text-to-switch, Ofcom GC C7.10), values already written out. */
export interface SwitchingTerms {
  charge: { amount: string; contractEndsOn: string } | null;
  balance: { amount: string; data: string | null } | null;
  debt: string | null;
}

export interface KeywordReplyData {
  url: string;
  keyword?: SwitchingCode;
  code?: string;
  validUntil?: string;
  from?: string;
  reference?: string;
  minutes?: number;
  terms?: SwitchingTerms;
  problem?: SmsFilingProblem;
}

interface Catalogue {
  notifications: Record<NotificationTemplate, (data: NotificationData) => RenderedMessage>;
  reasons: Record<RejectionReason, string>;
  causes: Record<BulkCause, string>;
  /** Closes every message: what we never ask, that cancelling is free, the official channels. */
  warning: (url: string) => string;
  /** The same, short enough for a reply by SMS. */
  shortWarning: (url: string) => string;
  oneTimeCode: (code: string, minutes: number) => RenderedMessage;
  switchingCodeIssued: (
    kind: SwitchingCode,
    data: { maskedMsisdn: string; issuedAt: string; validUntil: string },
  ) => RenderedMessage;
  lineLock: Record<'locked' | 'unlocked', (data: { maskedMsisdn: string; at: string }) => RenderedMessage>;
  simChanged: (data: { maskedMsisdn: string; at: string; pacBlockDays: number }) => RenderedMessage;
  callConfirmation: (data: { reference: string; link: string; minutes: number }) => RenderedMessage;
  callDenied: (data: { maskedMsisdn: string; at: string }) => RenderedMessage;
  terms: (terms: SwitchingTerms) => string;
  filingProblems: Record<SmsFilingProblem, string>;
  keywordReplies: Record<KeywordReply, (data: Required<KeywordReplyData>) => string>;
}

const cause = (catalogue: Catalogue, code: string | null | undefined) =>
  isOneOf(bulkCauses, code) ? catalogue.causes[code] : catalogue.causes.operator_list;

/** A reason in words; an unknown code reads as "see the details online", never as the code itself. */
const reason = (catalogue: Catalogue, code: string | null | undefined) =>
  isOneOf(rejectionReasons, code) ? catalogue.reasons[code] : catalogue.reasons.other;

const en: Catalogue = {
  reasons: {
    identity_mismatch: 'the details did not match our records',
    not_eligible: 'something on the checklist still needs attention',
    info_not_provided: 'we did not receive the information we asked for',
    card_not_returned: 'the card did not arrive in time',
    suspected_fraud: 'we could not confirm the request came from the holder',
    duplicate_request: 'a request for this line was already in progress',
    other: 'see the details online',
  },
  causes: {
    unregistered: 'register the SIM in your name (bring your ID to a store or register online)',
    dormant: 'use the line or top it up',
    operator_list: 'contact us',
  },
  warning: (url) =>
    `We never ask for your password or full card number by phone, chat or social media, and we never ask ` +
    `you to read a code to anyone. Cancelling is free. Official channels only: ${url} or the number printed on your bill.`,
  shortWarning: (url) => `Cancelling is free. Official channels only: ${url} or the number printed on your bill.`,
  oneTimeCode: (code, minutes) => ({
    subject: 'Your simexit code',
    body: `Your code is ${code}. It expires in ${minutes} minutes. Never share it: we never ask you to read a code to anyone, by phone, chat or social media.`,
  }),
  notifications: {
    receipt: (d) => ({
      subject: `We received your cancellation ${d.reference}`,
      body:
        `We received your request to cancel ${d.maskedMsisdn} on ${d.receivedAt}. ` +
        `The line ends on ${d.lineEndsOn}. Track it or withdraw it at ${d.caseUrl}`,
    }),
    cooling_off_started: (d) => ({
      subject: `A cancellation of ${d.maskedMsisdn} was requested`,
      body:
        `Someone asked to cancel ${d.maskedMsisdn} (${d.reference}). If this was you, do nothing. ` +
        `Not you? Stop it here: ${d.caseUrl}`,
    }),
    needs_info: (d) => ({
      subject: `We need more information for ${d.reference}`,
      body: `To continue cancelling ${d.maskedMsisdn} we need: ${d.infoRequest ?? ''} Reply at ${d.caseUrl}`,
    }),
    card_return_requested: (d) => ({
      subject: `Please post your card back (${d.reference})`,
      body:
        `Your cancellation of ${d.maskedMsisdn} is approved. Please post the card to ${d.cardReturnAddress ?? ''} ` +
        `within ${d.cardReturnDeadlineDays ?? ''} days; we finish as soon as it arrives.`,
    }),
    rejected: (d) => ({
      subject: `We could not cancel ${d.maskedMsisdn} (${d.reference})`,
      body:
        `Your cancellation of ${d.maskedMsisdn} was not accepted: ${reason(en, d.reason)}. ` +
        `Details and how to apply again: ${d.caseUrl}`,
    }),
    withdrawn: (d) => ({
      subject: `Cancellation ${d.reference} stopped`,
      body: `The cancellation of ${d.maskedMsisdn} was stopped and the line stays active. Details: ${d.caseUrl}`,
    }),
    completed: (d) => ({
      subject: `${d.maskedMsisdn} is cancelled`,
      body:
        `The line ${d.maskedMsisdn} is now cancelled (${d.reference}). ` +
        (d.boundServicesTold ? `We told the services that used the number: ${d.boundServicesTold}. ` : '') +
        (d.deleteEsimProfile
          ? "The eSIM no longer works: please delete its profile from your phone (in the phone's mobile network or SIM settings). "
          : '') +
        `Stop using the card, and watch your accounts for anything unusual. Your confirmation letter: ${d.caseUrl}`,
    }),
    bulk_notice: (d) => ({
      subject: `Action needed to keep ${d.maskedMsisdn}`,
      body:
        `To keep ${d.maskedMsisdn} (${d.reference}), please ${cause(en, d.bulkCause)}. Otherwise outgoing calls and ` +
        `texts will be barred, then all service, and the line will be closed on ${d.bulkDeadline ?? ''}. ` +
        `Once you have done it, the line is reinstated automatically. Details: ${d.caseUrl}`,
    }),
    bulk_barred_outgoing: (d) => ({
      subject: `Outgoing calls and texts on ${d.maskedMsisdn} are barred`,
      body:
        `Outgoing calls and texts on ${d.maskedMsisdn} are now barred (${d.reference}). To lift the bar, please ` +
        `${cause(en, d.bulkCause)}. The line will be closed on ${d.bulkDeadline ?? ''}. Details: ${d.caseUrl}`,
    }),
    bulk_barred_full: (d) => ({
      subject: `All service on ${d.maskedMsisdn} is barred`,
      body:
        `All service on ${d.maskedMsisdn} is now barred (${d.reference}). To keep the number, please ` +
        `${cause(en, d.bulkCause)} before ${d.bulkDeadline ?? ''}, when the line will be closed. Details: ${d.caseUrl}`,
    }),
    bulk_reinstated: (d) => ({
      subject: `${d.maskedMsisdn} stays active`,
      body: `Thank you: ${d.maskedMsisdn} stays active and any bar has been lifted (${d.reference}). Details: ${d.caseUrl}`,
    }),
  },
  switchingCodeIssued: (kind, d) => ({
    subject: `A ${kind} was issued for ${d.maskedMsisdn}`,
    body:
      `On ${d.issuedAt} ${
        kind === 'PAC'
          ? 'a PAC (the code that moves your number to another provider)'
          : 'a STAC (the code that ends your contract when you switch provider)'
      } was sent to ${d.maskedMsisdn}, valid until ${d.validUntil}. If this was you, do nothing. Not you? ` +
      `Contact us at once through the official channels below so we can cancel the code, and lock porting ` +
      `and cancellation for free.`,
  }),
  lineLock: {
    locked: (d) => ({
      subject: `${d.maskedMsisdn} is locked against porting and cancellation`,
      body: `On ${d.at} porting and cancellation of ${d.maskedMsisdn} were locked. Only you can lift the lock, after signing in with your account login.`,
    }),
    unlocked: (d) => ({
      subject: `The lock on ${d.maskedMsisdn} was lifted`,
      body: `On ${d.at} the lock on porting and cancellation of ${d.maskedMsisdn} was lifted. Not you? Contact us at once.`,
    }),
  },
  simChanged: (d) => ({
    subject: `The SIM card of ${d.maskedMsisdn} was changed`,
    body:
      `On ${d.at} the SIM card of ${d.maskedMsisdn} was changed. If this was you, do nothing. Not you? ` +
      `Contact us at once: someone may be taking over your number.` +
      (d.pacBlockDays > 0 ? ` For ${d.pacBlockDays} days no PAC is issued for it.` : ''),
  }),
  callConfirmation: (d) => ({
    subject: 'Are you on the phone with us?',
    body:
      `An agent of ours is helping someone with this line. If that is you, reply YES ${d.reference} or ` +
      `tap ${d.link} within ${d.minutes} minutes. Not you? Reply NO ${d.reference} or tap the link ` +
      `and choose "This wasn't me". Do not read this message or any code to anyone.`,
  }),
  callDenied: (d) => ({
    subject: `Someone called us about ${d.maskedMsisdn}`,
    body:
      `On ${d.at} someone contacted us about ${d.maskedMsisdn}, and you told us it was not you. We did ` +
      `nothing on the line. You can lock porting and cancellation for free after signing in.`,
  }),
  terms: (t) =>
    [
      t.charge
        ? `Early termination charge: ${t.charge.amount} (contract runs to ${t.charge.contractEndsOn}).`
        : 'No early termination charge.',
      t.balance
        ? `Prepaid balance: ${t.balance.amount}${t.balance.data ? ` and ${t.balance.data} of data` : ''}.`
        : 'No prepaid balance.',
      ...(t.debt ? [`Unpaid bills: ${t.debt}.`] : []),
    ].join(' '),
  filingProblems: {
    not_eligible: 'a few choices are needed first (charges, balance, linked services)',
    already_open: 'this line already has a cancellation in progress',
    locked: 'this line is locked against porting and cancellation',
    other: 'something went wrong on our side',
  },
  keywordReplies: {
    help: () =>
      'Text PAC to move your number, STAC to end your contract, INFO for charges and balance, CANCEL to cancel this line.',
    switching_not_here: (d) =>
      `${d.keyword} codes are a UK service. Text INFO for your charges and balance, or CANCEL to cancel.`,
    switching_locked: (d) =>
      `We cannot issue a ${d.keyword}: you locked this number against porting and cancellation. To lift the ` +
      `lock, sign in at ${d.url} with your account login.`,
    pac_blocked: (d) =>
      `We cannot issue a PAC yet: the SIM card of this number was changed recently, and to protect you ` +
      `from number theft a PAC can be requested from ${d.from}. If you did not change your SIM, call us at once.`,
    code_issued: (d) => `Your ${d.keyword} is ${d.code}, valid until ${d.validUntil}. ${en.terms(d.terms)}`,
    info: (d) => en.terms(d.terms),
    nothing_to_answer: () => 'There is nothing to answer with that reference.',
    call_denied_thanks: () =>
      'Thank you. We noted that it was not you, and nothing was done on your line. All your contacts on file were told.',
    sim_changed_recently: (d) =>
      `For your safety we cannot take a cancellation or a confirmation by text: the SIM card of this line ` +
      `changed recently. Cancel at ${d.url} or in a store with ID.`,
    cancel_locked: (d) =>
      `We cannot take a cancellation: you locked this line against porting and cancellation. To lift the ` +
      `lock, sign in at ${d.url} with your account login.`,
    cancel_confirm: (d) =>
      `To cancel this line, reply YES ${d.reference} within ${d.minutes} minutes. Did not ask? Ignore this ` +
      `message: nothing happens. We never ask you to read a code to anyone.`,
    call_confirmed: () => 'Thank you: the call is confirmed, and our agent can continue.',
    nothing_to_confirm: () => 'There is nothing to confirm. Text CANCEL to cancel this line.',
    wrong_reference_void: () => 'That reference is not right, so the request is void. Text CANCEL to start again.',
    wrong_reference: () => 'That reference is not right. Reply YES and the reference from our last message.',
    cancelling: (d) => `We are cancelling this line (${d.reference}); you will get a receipt next.`,
    could_not_start: (d) =>
      `We could not start the cancellation: ${en.filingProblems[d.problem]}. Finish it at ${d.url}`,
  },
};

/** PAC and STAC are UK codes; a Chinese reader is told what each is for. */
const zhCodeName: Record<SwitchingCode, string> = {
  PAC: 'PAC（携号转网授权码）',
  STAC: 'STAC（解约授权码）',
};

const zh: Catalogue = {
  reasons: {
    identity_mismatch: '所填信息与我们的记录不符',
    not_eligible: '核对清单中仍有事项需要处理',
    info_not_provided: '我们未收到所需的补充信息',
    card_not_returned: '未在期限内收到寄回的卡',
    suspected_fraud: '无法确认申请由机主本人提出',
    duplicate_request: '该号码已有正在办理的注销申请',
    other: '详情请在线查看',
  },
  causes: {
    unregistered: '完成实名登记（携带有效身份证件到营业厅或在线登记）',
    dormant: '使用该号码或为其充值',
    operator_list: '与我们联系',
  },
  warning: (url) =>
    `我们绝不会通过电话、聊天或社交媒体索要您的密码或完整卡号，也绝不会让您把验证码念给任何人。注销免费。` +
    `请只通过官方渠道联系我们：${url} 或账单上印有的客服电话。`,
  shortWarning: (url) => `注销免费。请只通过官方渠道联系我们：${url} 或账单上印有的客服电话。`,
  oneTimeCode: (code, minutes) => ({
    subject: '您的 simexit 验证码',
    body: `您的验证码是 ${code}，${minutes} 分钟内有效。请勿告诉任何人：我们绝不会让您通过电话、聊天或社交媒体把验证码念给任何人。`,
  }),
  notifications: {
    receipt: (d) => ({
      subject: `我们已收到您的注销申请 ${d.reference}`,
      body: `我们已于${d.receivedAt}收到您注销号码 ${d.maskedMsisdn} 的申请。号码将于${d.lineEndsOn}注销。查看进度或撤回申请：${d.caseUrl}`,
    }),
    cooling_off_started: (d) => ({
      subject: `有人申请注销号码 ${d.maskedMsisdn}`,
      body: `有人申请注销号码 ${d.maskedMsisdn}（${d.reference}）。如果是您本人申请，无需任何操作。不是您本人？请在此停止：${d.caseUrl}`,
    }),
    needs_info: (d) => ({
      subject: `注销申请 ${d.reference} 需要补充信息`,
      body: `为继续办理号码 ${d.maskedMsisdn} 的注销，我们需要：${d.infoRequest ?? ''} 请在此回复：${d.caseUrl}`,
    }),
    card_return_requested: (d) => ({
      subject: `请寄回您的卡（${d.reference}）`,
      body: `号码 ${d.maskedMsisdn} 的注销申请已批准。请在 ${d.cardReturnDeadlineDays ?? ''} 天内将卡寄至：${d.cardReturnAddress ?? ''}。收到后我们将立即办结。`,
    }),
    rejected: (d) => ({
      subject: `号码 ${d.maskedMsisdn} 未能注销（${d.reference}）`,
      body: `您注销号码 ${d.maskedMsisdn} 的申请未被受理：${reason(zh, d.reason)}。详情及如何重新申请：${d.caseUrl}`,
    }),
    withdrawn: (d) => ({
      subject: `注销申请 ${d.reference} 已停止`,
      body: `号码 ${d.maskedMsisdn} 的注销已停止，号码继续正常使用。详情：${d.caseUrl}`,
    }),
    completed: (d) => ({
      subject: `号码 ${d.maskedMsisdn} 已注销`,
      body:
        `号码 ${d.maskedMsisdn} 已完成注销（${d.reference}）。` +
        (d.boundServicesTold ? `我们已通知使用该号码的服务：${d.boundServicesTold}。` : '') +
        (d.deleteEsimProfile
          ? '该 eSIM 已无法使用，请在手机上删除此 eSIM 配置文件（在手机的移动网络或 SIM 卡设置中）。'
          : '') +
        `请停止使用该卡，并留意您的各类账户有无异常。注销确认函：${d.caseUrl}`,
    }),
    bulk_notice: (d) => ({
      subject: `保留号码 ${d.maskedMsisdn} 需要您处理`,
      body: `如需保留号码 ${d.maskedMsisdn}（${d.reference}），请${cause(zh, d.bulkCause)}。否则该号码将先被限制呼出和发送短信，随后全部停机，并于${d.bulkDeadline ?? ''}注销。办理后号码将自动恢复。详情：${d.caseUrl}`,
    }),
    bulk_barred_outgoing: (d) => ({
      subject: `号码 ${d.maskedMsisdn} 已限制呼出`,
      body: `号码 ${d.maskedMsisdn} 已被限制呼出和发送短信（${d.reference}）。如需解除，请${cause(zh, d.bulkCause)}。该号码将于${d.bulkDeadline ?? ''}注销。详情：${d.caseUrl}`,
    }),
    bulk_barred_full: (d) => ({
      subject: `号码 ${d.maskedMsisdn} 已全部停机`,
      body: `号码 ${d.maskedMsisdn} 已全部停机（${d.reference}）。如需保留号码，请在${d.bulkDeadline ?? ''}注销前${cause(zh, d.bulkCause)}。详情：${d.caseUrl}`,
    }),
    bulk_reinstated: (d) => ({
      subject: `号码 ${d.maskedMsisdn} 继续有效`,
      body: `感谢您的配合：号码 ${d.maskedMsisdn} 继续有效，所有限制均已解除（${d.reference}）。详情：${d.caseUrl}`,
    }),
  },
  switchingCodeIssued: (kind, d) => ({
    subject: `号码 ${d.maskedMsisdn} 已签发 ${zhCodeName[kind]}`,
    body:
      `${d.issuedAt}，${
        kind === 'PAC' ? 'PAC（用于将号码转到其他运营商的授权码）' : 'STAC（用于在更换运营商时终止合约的授权码）'
      }已发送至 ${d.maskedMsisdn}，有效期至${d.validUntil}。如果是您本人申请，无需任何操作。不是您本人？` +
      `请立即通过下方官方渠道联系我们，我们会作废该授权码，并可免费为您锁定携号转网和注销。`,
  }),
  lineLock: {
    locked: (d) => ({
      subject: `号码 ${d.maskedMsisdn} 已锁定携号转网和注销`,
      body: `${d.at}，号码 ${d.maskedMsisdn} 的携号转网和注销已被锁定。只有您本人使用账户登录后才能解除。`,
    }),
    unlocked: (d) => ({
      subject: `号码 ${d.maskedMsisdn} 的锁定已解除`,
      body: `${d.at}，号码 ${d.maskedMsisdn} 的携号转网和注销锁定已解除。不是您本人？请立即与我们联系。`,
    }),
  },
  simChanged: (d) => ({
    subject: `号码 ${d.maskedMsisdn} 的 SIM 卡已更换`,
    body:
      `${d.at}，号码 ${d.maskedMsisdn} 的 SIM 卡已更换。如果是您本人操作，无需任何操作。不是您本人？请立即与我们联系：` +
      `可能有人正在盗用您的号码。` +
      (d.pacBlockDays > 0 ? `${d.pacBlockDays} 天内我们不会为该号码签发 ${zhCodeName.PAC}。` : ''),
  }),
  callConfirmation: (d) => ({
    subject: '您正在与我们通话吗？',
    body:
      `我们的客服正在为某人办理本号码的业务。如果是您本人，请在 ${d.minutes} 分钟内回复 YES ${d.reference}，` +
      `或打开链接 ${d.link} 确认。不是您本人？请回复 NO ${d.reference}，或打开链接选择“不是我”。请勿把本短信或任何验证码念给任何人。`,
  }),
  callDenied: (d) => ({
    subject: `有人就号码 ${d.maskedMsisdn} 联系了我们`,
    body: `${d.at}，有人就号码 ${d.maskedMsisdn} 联系了我们，您告诉我们那不是您本人。我们没有对该号码做任何操作。登录后您可以免费锁定携号转网和注销。`,
  }),
  terms: (t) =>
    [
      t.charge ? `提前解约费：${t.charge.amount}（合约期至${t.charge.contractEndsOn}）。` : '无提前解约费。',
      t.balance
        ? `预付费余额：${t.balance.amount}${t.balance.data ? `，剩余流量 ${t.balance.data}` : ''}。`
        : '无预付费余额。',
      ...(t.debt ? [`未缴账单：${t.debt}。`] : []),
    ].join(''),
  filingProblems: {
    not_eligible: '需要您先做几项选择（费用、余额、绑定的服务）',
    already_open: '本号码已有正在办理的注销申请',
    locked: '本号码已锁定携号转网和注销',
    other: '我们这边出现了问题',
  },
  keywordReplies: {
    help: () =>
      '回复 PAC 获取携号转网授权码，回复 STAC 获取解约授权码，回复 INFO 查询费用和余额，回复 CANCEL 注销本号码。',
    switching_not_here: (d) =>
      `${zhCodeName[d.keyword]}仅在英国提供。回复 INFO 查询费用和余额，或回复 CANCEL 注销本号码。`,
    switching_locked: (d) =>
      `无法签发 ${zhCodeName[d.keyword]}：您已锁定本号码的携号转网和注销。如需解除锁定，请在 ${d.url} 使用账户登录。`,
    pac_blocked: (d) =>
      `暂时无法签发 ${zhCodeName.PAC}：本号码的 SIM 卡最近已更换。为防止号码被盗用，您可在${d.from}起申请。` +
      `如果您没有更换过 SIM 卡，请立即致电我们。`,
    code_issued: (d) => `您的 ${zhCodeName[d.keyword]}是 ${d.code}，有效期至${d.validUntil}。${zh.terms(d.terms)}`,
    info: (d) => zh.terms(d.terms),
    nothing_to_answer: () => '没有与该参考码对应的待回复请求。',
    call_denied_thanks: () => '谢谢。我们已记录这不是您本人，您的号码未做任何操作，并已通知您登记的所有联系方式。',
    sim_changed_recently: (d) =>
      `为了您的安全，我们暂时无法通过短信受理注销或确认：本号码的 SIM 卡最近已更换。请在 ${d.url} 办理，或携带有效身份证件到营业厅办理。`,
    cancel_locked: (d) => `无法受理注销：您已锁定本号码的携号转网和注销。如需解除锁定，请在 ${d.url} 使用账户登录。`,
    cancel_confirm: (d) =>
      `如需注销本号码，请在 ${d.minutes} 分钟内回复 YES ${d.reference}。不是您申请的？请忽略本短信，不会有任何变化。我们绝不会让您把验证码念给任何人。`,
    call_confirmed: () => '谢谢，通话已确认，我们的客服可以继续为您办理。',
    nothing_to_confirm: () => '目前没有需要确认的请求。如需注销本号码，请回复 CANCEL。',
    wrong_reference_void: () => '参考码不正确，本次申请已作废。如需重新开始，请回复 CANCEL。',
    wrong_reference: () => '参考码不正确。请回复 YES 加上我们上一条短信中的参考码。',
    cancelling: (d) => `我们正在为您注销本号码（${d.reference}），稍后您将收到受理回执。`,
    could_not_start: (d) => `无法开始注销：${zh.filingProblems[d.problem]}。请在 ${d.url} 完成办理。`,
  },
};

/** PAC and STAC are UK codes; a German reader is told what each is for. */
const deCodeName: Record<SwitchingCode, string> = {
  PAC: 'PAC (Code für die Rufnummernmitnahme)',
  STAC: 'STAC (Code für die Vertragsbeendigung)',
};

const de: Catalogue = {
  reasons: {
    identity_mismatch: 'die Angaben stimmen nicht mit unseren Unterlagen überein',
    not_eligible: 'auf der Checkliste ist noch etwas offen',
    info_not_provided: 'die erbetenen Informationen sind nicht eingegangen',
    card_not_returned: 'die Karte ist nicht rechtzeitig eingegangen',
    suspected_fraud: 'wir konnten nicht bestätigen, dass der Auftrag vom Inhaber stammt',
    duplicate_request: 'für diese Rufnummer läuft bereits eine Kündigung',
    other: 'Einzelheiten finden Sie online',
  },
  causes: {
    unregistered: 'registrieren Sie die SIM-Karte auf Ihren Namen (mit Ausweis im Shop oder online)',
    dormant: 'nutzen Sie den Anschluss oder laden Sie Guthaben auf',
    operator_list: 'wenden Sie sich an uns',
  },
  warning: (url) =>
    `Wir fragen nie per Telefon, Chat oder sozialen Medien nach Ihrem Passwort oder der vollständigen Kartennummer ` +
    `und bitten Sie nie, jemandem einen Code vorzulesen. Die Kündigung ist kostenlos. Nur offizielle Kanäle: ` +
    `${url} oder die Rufnummer auf Ihrer Rechnung.`,
  shortWarning: (url) =>
    `Die Kündigung ist kostenlos. Nur offizielle Kanäle: ${url} oder die Rufnummer auf Ihrer Rechnung.`,
  oneTimeCode: (code, minutes) => ({
    subject: 'Ihr simexit-Code',
    body: `Ihr Code lautet ${code}. Er ist ${minutes} Minuten gültig. Geben Sie ihn niemandem weiter: Wir bitten Sie nie, jemandem einen Code vorzulesen, weder per Telefon noch per Chat oder sozialen Medien.`,
  }),
  notifications: {
    // "Zurückziehen" (stop the request), never "Widerruf": that word names the statutory right to
    // withdraw from a contract (§355 BGB), which is not what the holder does here.
    receipt: (d) => ({
      subject: `Ihre Kündigung ${d.reference} ist eingegangen`,
      body:
        `Ihre Kündigung der Rufnummer ${d.maskedMsisdn} ist am ${d.receivedAt} bei uns eingegangen. ` +
        `Der Vertrag endet am ${d.lineEndsOn}. Status ansehen oder Kündigung zurückziehen: ${d.caseUrl}`,
    }),
    cooling_off_started: (d) => ({
      subject: `Kündigung der Rufnummer ${d.maskedMsisdn} beantragt`,
      body:
        `Für ${d.maskedMsisdn} wurde eine Kündigung beantragt (${d.reference}). Waren Sie das, ist nichts zu tun. ` +
        `Nicht Sie? Hier stoppen: ${d.caseUrl}`,
    }),
    needs_info: (d) => ({
      subject: `Wir benötigen weitere Angaben zu ${d.reference}`,
      body: `Um die Kündigung von ${d.maskedMsisdn} fortzusetzen, benötigen wir: ${d.infoRequest ?? ''} Bitte antworten Sie unter ${d.caseUrl}`,
    }),
    card_return_requested: (d) => ({
      subject: `Bitte senden Sie Ihre Karte zurück (${d.reference})`,
      body:
        `Die Kündigung von ${d.maskedMsisdn} ist genehmigt. Bitte senden Sie die Karte innerhalb von ` +
        `${d.cardReturnDeadlineDays ?? ''} Tagen an ${d.cardReturnAddress ?? ''}; sobald sie eingeht, schließen wir die Kündigung ab.`,
    }),
    rejected: (d) => ({
      subject: `Kündigung von ${d.maskedMsisdn} nicht möglich (${d.reference})`,
      body:
        `Ihre Kündigung der Rufnummer ${d.maskedMsisdn} wurde nicht angenommen: ${reason(de, d.reason)}. ` +
        `Einzelheiten und erneute Kündigung: ${d.caseUrl}`,
    }),
    withdrawn: (d) => ({
      subject: `Kündigung ${d.reference} gestoppt`,
      body: `Die Kündigung von ${d.maskedMsisdn} wurde gestoppt; der Anschluss bleibt aktiv. Einzelheiten: ${d.caseUrl}`,
    }),
    completed: (d) => ({
      subject: `${d.maskedMsisdn} ist gekündigt`,
      body:
        `Der Anschluss ${d.maskedMsisdn} ist gekündigt (${d.reference}). ` +
        (d.boundServicesTold
          ? `Wir haben die Dienste informiert, die die Rufnummer nutzten: ${d.boundServicesTold}. `
          : '') +
        (d.deleteEsimProfile
          ? 'Die eSIM funktioniert nicht mehr: Bitte löschen Sie ihr Profil auf Ihrem Telefon (in den Mobilfunk- oder SIM-Einstellungen). '
          : '') +
        `Bitte nutzen Sie die Karte nicht mehr und achten Sie auf ungewöhnliche Vorgänge in Ihren Konten. ` +
        `Ihre Kündigungsbestätigung: ${d.caseUrl}`,
    }),
    bulk_notice: (d) => ({
      subject: `Handlungsbedarf für ${d.maskedMsisdn}`,
      body:
        `Um ${d.maskedMsisdn} zu behalten (${d.reference}), ${cause(de, d.bulkCause)}. Andernfalls werden zuerst ` +
        `abgehende Anrufe und SMS gesperrt, dann der ganze Anschluss, und am ${d.bulkDeadline ?? ''} wird er abgeschaltet. ` +
        `Sobald Sie das erledigt haben, wird der Anschluss automatisch wieder freigegeben. Einzelheiten: ${d.caseUrl}`,
    }),
    bulk_barred_outgoing: (d) => ({
      subject: `Abgehende Anrufe und SMS von ${d.maskedMsisdn} gesperrt`,
      body:
        `Abgehende Anrufe und SMS von ${d.maskedMsisdn} sind gesperrt (${d.reference}). Um die Sperre aufzuheben, ` +
        `${cause(de, d.bulkCause)}. Am ${d.bulkDeadline ?? ''} wird der Anschluss abgeschaltet. Einzelheiten: ${d.caseUrl}`,
    }),
    bulk_barred_full: (d) => ({
      subject: `Anschluss ${d.maskedMsisdn} vollständig gesperrt`,
      body:
        `Der Anschluss ${d.maskedMsisdn} ist vollständig gesperrt (${d.reference}). Um die Rufnummer zu behalten, ` +
        `${cause(de, d.bulkCause)}, und zwar vor dem ${d.bulkDeadline ?? ''}; dann wird der Anschluss abgeschaltet. ` +
        `Einzelheiten: ${d.caseUrl}`,
    }),
    bulk_reinstated: (d) => ({
      subject: `${d.maskedMsisdn} bleibt aktiv`,
      body: `Vielen Dank: ${d.maskedMsisdn} bleibt aktiv, jede Sperre ist aufgehoben (${d.reference}). Einzelheiten: ${d.caseUrl}`,
    }),
  },
  switchingCodeIssued: (kind, d) => ({
    subject: `Für ${d.maskedMsisdn} wurde ein ${deCodeName[kind]} ausgestellt`,
    body:
      `Am ${d.issuedAt} wurde ein ${
        kind === 'PAC'
          ? 'PAC (der Code, mit dem Ihre Rufnummer zu einem anderen Anbieter wechselt)'
          : 'STAC (der Code, mit dem Ihr Vertrag beim Anbieterwechsel endet)'
      } an ${d.maskedMsisdn} gesendet, gültig bis ${d.validUntil}. Waren Sie das, ist nichts zu tun. Nicht Sie? ` +
      `Melden Sie sich sofort über die offiziellen Kanäle unten, damit wir den Code sperren; Rufnummernmitnahme ` +
      `und Kündigung können Sie kostenlos sperren lassen.`,
  }),
  lineLock: {
    locked: (d) => ({
      subject: `${d.maskedMsisdn} ist gegen Rufnummernmitnahme und Kündigung gesperrt`,
      body: `Am ${d.at} wurden Rufnummernmitnahme und Kündigung von ${d.maskedMsisdn} gesperrt. Nur Sie können die Sperre aufheben, nach Anmeldung mit Ihrem Kundenkonto.`,
    }),
    unlocked: (d) => ({
      subject: `Die Sperre von ${d.maskedMsisdn} wurde aufgehoben`,
      body: `Am ${d.at} wurde die Sperre für Rufnummernmitnahme und Kündigung von ${d.maskedMsisdn} aufgehoben. Nicht Sie? Melden Sie sich sofort bei uns.`,
    }),
  },
  simChanged: (d) => ({
    subject: `Die SIM-Karte von ${d.maskedMsisdn} wurde getauscht`,
    body:
      `Am ${d.at} wurde die SIM-Karte von ${d.maskedMsisdn} getauscht. Waren Sie das, ist nichts zu tun. Nicht Sie? ` +
      `Melden Sie sich sofort bei uns: Jemand könnte Ihre Rufnummer übernehmen.` +
      (d.pacBlockDays > 0 ? ` ${d.pacBlockDays} Tage lang stellen wir dafür keinen ${deCodeName.PAC} aus.` : ''),
  }),
  callConfirmation: (d) => ({
    subject: 'Telefonieren Sie gerade mit uns?',
    body:
      `Ein Mitarbeiter von uns hilft gerade jemandem mit dieser Rufnummer. Sind Sie das, antworten Sie innerhalb ` +
      `von ${d.minutes} Minuten mit YES ${d.reference} oder tippen Sie auf ${d.link}. Nicht Sie? ` +
      `Antworten Sie NO ${d.reference} oder wählen Sie über den Link „Das war ich nicht“. Lesen Sie diese ` +
      `Nachricht und keinen Code jemandem vor.`,
  }),
  callDenied: (d) => ({
    subject: `Jemand hat uns wegen ${d.maskedMsisdn} kontaktiert`,
    body:
      `Am ${d.at} hat uns jemand wegen ${d.maskedMsisdn} kontaktiert, und Sie haben uns gesagt, dass Sie ` +
      `es nicht waren. Wir haben an der Rufnummer nichts geändert. Nach der Anmeldung können Sie ` +
      `Rufnummernmitnahme und Kündigung kostenlos sperren.`,
  }),
  terms: (t) =>
    [
      t.charge
        ? `Gebühr für die vorzeitige Vertragsbeendigung: ${t.charge.amount} (Mindestlaufzeit bis ${t.charge.contractEndsOn}).`
        : 'Keine Gebühr für eine vorzeitige Vertragsbeendigung.',
      t.balance
        ? `Guthaben: ${t.balance.amount}${t.balance.data ? ` und ${t.balance.data} Datenvolumen` : ''}.`
        : 'Kein Guthaben.',
      ...(t.debt ? [`Offene Rechnungen: ${t.debt}.`] : []),
    ].join(' '),
  filingProblems: {
    not_eligible: 'zuerst sind einige Angaben nötig (Kosten, Guthaben, verknüpfte Dienste)',
    already_open: 'für diesen Anschluss läuft bereits eine Kündigung',
    locked: 'dieser Anschluss ist gegen Rufnummernmitnahme und Kündigung gesperrt',
    other: 'bei uns ist ein Fehler aufgetreten',
  },
  keywordReplies: {
    help: () =>
      'Senden Sie PAC für die Rufnummernmitnahme, STAC zum Beenden Ihres Vertrags, INFO für Kosten und Guthaben, CANCEL zum Kündigen dieses Anschlusses.',
    switching_not_here: (d) =>
      `Einen ${deCodeName[d.keyword]} gibt es nur in Großbritannien. Senden Sie INFO für Kosten und Guthaben oder CANCEL zum Kündigen.`,
    switching_locked: (d) =>
      `Wir können keinen ${deCodeName[d.keyword]} ausstellen: Sie haben Rufnummernmitnahme und Kündigung dieser ` +
      `Rufnummer gesperrt. Um die Sperre aufzuheben, melden Sie sich unter ${d.url} mit Ihrem Kundenkonto an.`,
    pac_blocked: (d) =>
      `Wir können noch keinen ${deCodeName.PAC} ausstellen: Die SIM-Karte dieser Rufnummer wurde kürzlich getauscht. ` +
      `Zum Schutz vor Rufnummerndiebstahl ist das erst ab ${d.from} möglich. Haben Sie die SIM-Karte nicht ` +
      `getauscht, rufen Sie uns sofort an.`,
    code_issued: (d) =>
      `Ihr ${deCodeName[d.keyword]} lautet ${d.code}, gültig bis ${d.validUntil}. ${de.terms(d.terms)}`,
    info: (d) => de.terms(d.terms),
    nothing_to_answer: () => 'Zu dieser Referenz gibt es nichts zu beantworten.',
    call_denied_thanks: () =>
      'Danke. Wir haben vermerkt, dass Sie es nicht waren; an Ihrem Anschluss wurde nichts geändert. Alle hinterlegten Kontakte wurden informiert.',
    sim_changed_recently: (d) =>
      `Zu Ihrer Sicherheit nehmen wir per SMS keine Kündigung und keine Bestätigung an: Die SIM-Karte dieses ` +
      `Anschlusses wurde kürzlich getauscht. Kündigen Sie unter ${d.url} oder mit Ausweis im Shop.`,
    cancel_locked: (d) =>
      `Wir können keine Kündigung annehmen: Sie haben Rufnummernmitnahme und Kündigung dieses Anschlusses ` +
      `gesperrt. Um die Sperre aufzuheben, melden Sie sich unter ${d.url} mit Ihrem Kundenkonto an.`,
    cancel_confirm: (d) =>
      `Um diesen Anschluss zu kündigen, antworten Sie innerhalb von ${d.minutes} Minuten mit YES ${d.reference}. ` +
      `Nicht von Ihnen? Ignorieren Sie diese Nachricht; es passiert nichts. Wir bitten Sie nie, jemandem einen Code vorzulesen.`,
    call_confirmed: () => 'Danke: Das Gespräch ist bestätigt, unser Mitarbeiter kann fortfahren.',
    nothing_to_confirm: () => 'Es gibt nichts zu bestätigen. Senden Sie CANCEL, um diesen Anschluss zu kündigen.',
    wrong_reference_void: () =>
      'Die Referenz stimmt nicht, die Anfrage ist damit ungültig. Senden Sie CANCEL, um neu zu beginnen.',
    wrong_reference: () =>
      'Die Referenz stimmt nicht. Antworten Sie mit YES und der Referenz aus unserer letzten Nachricht.',
    cancelling: (d) => `Wir kündigen diesen Anschluss (${d.reference}); Sie erhalten gleich eine Eingangsbestätigung.`,
    could_not_start: (d) =>
      `Wir konnten die Kündigung nicht beginnen: ${de.filingProblems[d.problem]}. Schließen Sie sie unter ${d.url} ab.`,
  },
};

const catalogues: Record<MessageLanguage, Catalogue> = { en, 'zh-CN': zh, de };

const withWarning = (language: MessageLanguage, message: RenderedMessage, url: string): RenderedMessage => ({
  subject: message.subject,
  body: `${message.body}\n\n${catalogues[language].warning(url)}`,
});

export function renderNotification(
  template: NotificationTemplate,
  data: NotificationData,
  language: MessageLanguage = 'en',
): RenderedMessage {
  return withWarning(language, catalogues[language].notifications[template](data), data.officialChannels);
}

export function renderOneTimeCode(code: string, minutes: number, language: MessageLanguage = 'en'): RenderedMessage {
  return catalogues[language].oneTimeCode(code, minutes);
}

/**
 * Told to every other contact on file the moment a PAC or STAC is issued (the code itself goes only
 * to the line that asked): with a PAC the number can leave, with a STAC the contract ends, so a holder
 * whose SIM was taken over must hear it somewhere the attacker does not. PAC and STAC are UK
 * mechanisms (Ofcom General Condition C7); the other languages say what each code does.
 */
export function renderSwitchingCodeIssued(
  kind: SwitchingCode,
  data: { maskedMsisdn: string; issuedAt: string; validUntil: string; officialChannels: string },
  language: MessageLanguage = 'en',
): RenderedMessage {
  return withWarning(language, catalogues[language].switchingCodeIssued(kind, data), data.officialChannels);
}

/**
 * Told to every contact on file when the holder locks or unlocks porting and cancellation of a line:
 * an unlock the holder did not make is the first step of a takeover, so they must hear of it everywhere.
 */
export function renderLineLockChanged(
  change: 'locked' | 'unlocked',
  data: { maskedMsisdn: string; at: string; officialChannels: string },
  language: MessageLanguage = 'en',
): RenderedMessage {
  return withWarning(language, catalogues[language].lineLock[change](data), data.officialChannels);
}

/**
 * Told to every contact on file the moment the network reports a SIM change (swap, replacement, eSIM
 * transfer) for a line (FCC 23-95: notify the customer of every SIM change request): a SIM swap is how
 * a number is stolen, and the new SIM receives the line's texts, so the holder must hear it elsewhere.
 */
export function renderSimChanged(
  data: { maskedMsisdn: string; at: string; pacBlockDays: number; officialChannels: string },
  language: MessageLanguage = 'en',
): RenderedMessage {
  return withWarning(language, catalogues[language].simChanged(data), data.officialChannels);
}

/**
 * Sent to the line on file (never to a number the caller gives) when an agent asks the holder to
 * confirm a call: the holder answers from the line (`YES`/`NO <reference>`) or on the linked page, so
 * nobody ever reads a code aloud. The reference is useless to whoever is on the phone: only a reply
 * from the line, or the link that reached only the line, counts.
 */
export function renderCallConfirmationRequest(
  data: { reference: string; link: string; minutes: number; officialChannels: string },
  language: MessageLanguage = 'en',
): RenderedMessage {
  return withWarning(language, catalogues[language].callConfirmation(data), data.officialChannels);
}

/**
 * Told to every contact on file when the holder answers an agent's call confirmation with "This
 * wasn't me": someone is posing as them to our contact centre, so they hear it everywhere.
 */
export function renderCallDenied(
  data: { maskedMsisdn: string; at: string; officialChannels: string },
  language: MessageLanguage = 'en',
): RenderedMessage {
  return withWarning(language, catalogues[language].callDenied(data), data.officialChannels);
}

const noTerms: SwitchingTerms = { charge: null, balance: null, debt: null };

/**
 * The reply to a keyword texted from the line, closed by the short warning (an SMS reply stays short).
 * Fields a reply does not use may be left out.
 */
export function renderKeywordReply(
  reply: KeywordReply,
  data: KeywordReplyData,
  language: MessageLanguage = 'en',
): string {
  const catalogue = catalogues[language];
  const full: Required<KeywordReplyData> = {
    keyword: 'PAC',
    code: '',
    validUntil: '',
    from: '',
    reference: '',
    minutes: 0,
    terms: noTerms,
    problem: 'other',
    ...data,
  };
  // Chinese runs sentences on without a space; the others separate them with one.
  const gap = language === 'zh-CN' ? '' : ' ';
  return `${catalogue.keywordReplies[reply](full)}${gap}${catalogue.shortWarning(data.url)}`;
}
