import type { NotificationTemplate } from './lifecycle.js';

/**
 * What simexit tells the holder at each step, as plain text for SMS and e-mail, in English,
 * Simplified Chinese and German (the languages of the shipped markets).
 * Every message names the official channels and says what the operator never asks for: real-world
 * cancellation scams impersonate the operator by phone and DM to harvest passwords and card numbers.
 */
export const messageLanguages = ['en', 'zh-CN', 'de'] as const;
export type MessageLanguage = (typeof messageLanguages)[number];

/** The message language for a market's BCP 47 language tag (en-GB → en, zh-CN → zh-CN, de-DE → de). */
export function messageLanguageFor(tag: string): MessageLanguage {
  if (tag.toLowerCase().startsWith('zh')) return 'zh-CN';
  if (tag.toLowerCase().startsWith('de')) return 'de';
  return 'en';
}

export interface NotificationData {
  reference: string;
  maskedMsisdn: string;
  receivedAt: string;
  lineEndsOn: string;
  caseUrl: string;
  officialChannels: string;
  reason?: string | null;
  infoRequest?: string | null;
  cardReturnAddress?: string | null;
  cardReturnDeadlineDays?: number | null;
  /** Bulk deactivation runs: what the holder must fix (a code of {@link bulkCauses}) and by when. */
  bulkCause?: string | null;
  bulkDeadline?: string | null;
}

/** Why a bulk run deactivates lines, as the holder reads it in each language. */
export const bulkCauses = ['unregistered', 'dormant', 'operator_list'] as const;

export interface RenderedMessage {
  subject: string;
  body: string;
}

type Catalogue = Record<NotificationTemplate, (data: NotificationData) => RenderedMessage> & {
  reasons: Record<string, string>;
  causes: Record<(typeof bulkCauses)[number], string>;
  warning: (officialChannels: string) => string;
  oneTimeCode: (code: string, minutes: number) => RenderedMessage;
};

const cause = (catalogue: { causes: Record<string, string> }, code: string | null | undefined) =>
  catalogue.causes[code ?? 'operator_list'] ?? catalogue.causes.operator_list!;

const reason = (catalogue: { reasons: Record<string, string> }, code: string | null | undefined) =>
  catalogue.reasons[code ?? 'other'] ?? code ?? catalogue.reasons.other!;

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
  warning: (channels) =>
    `We never ask for your password or full card number by phone, chat or social media, and we never ask ` +
    `you to read a code to anyone. Cancelling is free. Official channels only: ${channels}`,
  oneTimeCode: (code, minutes) => ({
    subject: 'Your simexit code',
    body: `Your code is ${code}. It expires in ${minutes} minutes. Never share it: we never ask you to read a code to anyone, by phone, chat or social media.`,
  }),
  receipt: (d) => ({
    subject: `We received your cancellation ${d.reference}`,
    body:
      `We received your request to cancel ${d.maskedMsisdn} on ${d.receivedAt}. ` +
      `The line ends on ${d.lineEndsOn}. Track or withdraw it at ${d.caseUrl}.`,
  }),
  cooling_off_started: (d) => ({
    subject: `A cancellation of ${d.maskedMsisdn} was requested`,
    body:
      `Someone asked to cancel ${d.maskedMsisdn} (${d.reference}). If this was you, do nothing. ` +
      `Not you? Stop it here: ${d.caseUrl}`,
  }),
  needs_info: (d) => ({
    subject: `We need more information for ${d.reference}`,
    body: `To continue cancelling ${d.maskedMsisdn} we need: ${d.infoRequest ?? ''} Reply at ${d.caseUrl}.`,
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
      `Your cancellation of ${d.maskedMsisdn} was not accepted: ${reason(en, d.reason)} (${d.reason ?? 'other'}). ` +
      `Details and how to apply again: ${d.caseUrl}`,
  }),
  withdrawn: (d) => ({
    subject: `Cancellation ${d.reference} stopped`,
    body: `The cancellation of ${d.maskedMsisdn} was stopped and the line stays active. Details: ${d.caseUrl}`,
  }),
  completed: (d) => ({
    subject: `${d.maskedMsisdn} is cancelled`,
    body:
      `The line ${d.maskedMsisdn} is now cancelled (${d.reference}). Stop using the card, and watch your ` +
      `accounts for anything unusual. Your confirmation letter: ${d.caseUrl}`,
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
};

const zh: Catalogue = {
  reasons: {
    identity_mismatch: '所填信息与我们的记录不符',
    not_eligible: '核对清单中仍有事项需要处理',
    info_not_provided: '我们未收到所需的补充信息',
    card_not_returned: '未在期限内收到寄回的卡',
    suspected_fraud: '无法确认申请由机主本人提出',
    duplicate_request: '该号码已有正在处理的申请',
    other: '详情请在线查看',
  },
  causes: {
    unregistered: '完成实名登记（携带身份证件到营业厅或在线登记）',
    dormant: '使用该号码或为其充值',
    operator_list: '与我们联系',
  },
  warning: (channels) =>
    `我们绝不会通过电话、聊天或社交媒体索要您的密码或完整卡号，也绝不会让您把验证码念给任何人。销户免费。请只使用官方渠道：${channels}`,
  oneTimeCode: (code, minutes) => ({
    subject: '您的 simexit 验证码',
    body: `您的验证码是 ${code}，${minutes} 分钟内有效。请勿告诉任何人：我们绝不会让您通过电话、聊天或社交媒体把验证码念给任何人。`,
  }),
  receipt: (d) => ({
    subject: `我们已收到您的销户申请 ${d.reference}`,
    body: `我们已于 ${d.receivedAt} 收到注销号码 ${d.maskedMsisdn} 的申请。号码将于 ${d.lineEndsOn} 停用。查看进度或撤回申请：${d.caseUrl}`,
  }),
  cooling_off_started: (d) => ({
    subject: `有人申请注销号码 ${d.maskedMsisdn}`,
    body: `有人申请注销号码 ${d.maskedMsisdn}（${d.reference}）。如果是您本人，无需任何操作。不是您本人？请在此停止：${d.caseUrl}`,
  }),
  needs_info: (d) => ({
    subject: `申请 ${d.reference} 需要补充信息`,
    body: `为继续办理号码 ${d.maskedMsisdn} 的注销，我们需要：${d.infoRequest ?? ''} 请在此回复：${d.caseUrl}`,
  }),
  card_return_requested: (d) => ({
    subject: `请寄回您的卡（${d.reference}）`,
    body: `号码 ${d.maskedMsisdn} 的注销申请已批准。请在 ${d.cardReturnDeadlineDays ?? ''} 天内将卡寄至：${d.cardReturnAddress ?? ''}。收到后我们将立即办结。`,
  }),
  rejected: (d) => ({
    subject: `号码 ${d.maskedMsisdn} 未能注销（${d.reference}）`,
    body: `您的注销申请未被受理：${reason(zh, d.reason)}（${d.reason ?? 'other'}）。详情及重新申请：${d.caseUrl}`,
  }),
  withdrawn: (d) => ({
    subject: `销户申请 ${d.reference} 已停止`,
    body: `号码 ${d.maskedMsisdn} 的注销已停止，号码继续有效。详情：${d.caseUrl}`,
  }),
  completed: (d) => ({
    subject: `号码 ${d.maskedMsisdn} 已注销`,
    body: `号码 ${d.maskedMsisdn} 已完成注销（${d.reference}）。请停止使用该卡，并留意您的各类账户有无异常。确认函：${d.caseUrl}`,
  }),
  bulk_notice: (d) => ({
    subject: `保留号码 ${d.maskedMsisdn} 需要您处理`,
    body: `如需保留号码 ${d.maskedMsisdn}（${d.reference}），请${cause(zh, d.bulkCause)}。否则该号码将先被限制呼出和发送短信，随后全部停机，并于 ${d.bulkDeadline ?? ''} 注销。办理后号码将自动恢复。详情：${d.caseUrl}`,
  }),
  bulk_barred_outgoing: (d) => ({
    subject: `号码 ${d.maskedMsisdn} 已限制呼出`,
    body: `号码 ${d.maskedMsisdn} 已被限制呼出和发送短信（${d.reference}）。如需解除，请${cause(zh, d.bulkCause)}。该号码将于 ${d.bulkDeadline ?? ''} 注销。详情：${d.caseUrl}`,
  }),
  bulk_barred_full: (d) => ({
    subject: `号码 ${d.maskedMsisdn} 已全部停机`,
    body: `号码 ${d.maskedMsisdn} 已全部停机（${d.reference}）。如需保留号码，请在 ${d.bulkDeadline ?? ''} 注销前${cause(zh, d.bulkCause)}。详情：${d.caseUrl}`,
  }),
  bulk_reinstated: (d) => ({
    subject: `号码 ${d.maskedMsisdn} 继续有效`,
    body: `感谢您的配合：号码 ${d.maskedMsisdn} 继续有效，所有限制均已解除（${d.reference}）。详情：${d.caseUrl}`,
  }),
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
  warning: (channels) =>
    `Wir fragen nie per Telefon, Chat oder sozialen Medien nach Ihrem Passwort oder der vollständigen Kartennummer, ` +
    `und wir bitten Sie nie, jemandem einen Code vorzulesen. Die Kündigung ist kostenlos. Nur offizielle Kanäle: ${channels}`,
  oneTimeCode: (code, minutes) => ({
    subject: 'Ihr simexit-Code',
    body: `Ihr Code lautet ${code}. Er ist ${minutes} Minuten gültig. Geben Sie ihn niemandem weiter: Wir bitten Sie nie, jemandem einen Code vorzulesen, weder per Telefon noch per Chat oder sozialen Medien.`,
  }),
  receipt: (d) => ({
    subject: `Ihre Kündigung ${d.reference} ist eingegangen`,
    body:
      `Ihre Kündigung der Rufnummer ${d.maskedMsisdn} ist am ${d.receivedAt} bei uns eingegangen. ` +
      `Der Vertrag endet am ${d.lineEndsOn}. Status oder Widerruf: ${d.caseUrl}`,
  }),
  cooling_off_started: (d) => ({
    subject: `Kündigung der Rufnummer ${d.maskedMsisdn} beantragt`,
    body:
      `Für ${d.maskedMsisdn} wurde eine Kündigung beantragt (${d.reference}). Waren Sie das, ist nichts zu tun. ` +
      `Nicht Sie? Hier stoppen: ${d.caseUrl}`,
  }),
  needs_info: (d) => ({
    subject: `Wir benötigen weitere Angaben zu ${d.reference}`,
    body: `Um die Kündigung von ${d.maskedMsisdn} fortzusetzen, benötigen wir: ${d.infoRequest ?? ''} Antwort unter ${d.caseUrl}`,
  }),
  card_return_requested: (d) => ({
    subject: `Bitte senden Sie Ihre Karte zurück (${d.reference})`,
    body:
      `Die Kündigung von ${d.maskedMsisdn} ist genehmigt. Bitte senden Sie die Karte innerhalb von ` +
      `${d.cardReturnDeadlineDays ?? ''} Tagen an ${d.cardReturnAddress ?? ''}; danach schließen wir ab.`,
  }),
  rejected: (d) => ({
    subject: `Kündigung von ${d.maskedMsisdn} nicht möglich (${d.reference})`,
    body:
      `Ihre Kündigung wurde nicht angenommen: ${reason(de, d.reason)} (${d.reason ?? 'other'}). ` +
      `Einzelheiten und erneute Kündigung: ${d.caseUrl}`,
  }),
  withdrawn: (d) => ({
    subject: `Kündigung ${d.reference} gestoppt`,
    body: `Die Kündigung von ${d.maskedMsisdn} wurde gestoppt; der Anschluss bleibt aktiv. Einzelheiten: ${d.caseUrl}`,
  }),
  completed: (d) => ({
    subject: `${d.maskedMsisdn} ist gekündigt`,
    body:
      `Der Anschluss ${d.maskedMsisdn} ist gekündigt (${d.reference}). Bitte nutzen Sie die Karte nicht mehr und ` +
      `achten Sie auf ungewöhnliche Vorgänge in Ihren Konten. Ihre Bestätigung: ${d.caseUrl}`,
  }),
  bulk_notice: (d) => ({
    subject: `Handlungsbedarf für ${d.maskedMsisdn}`,
    body:
      `Um ${d.maskedMsisdn} zu behalten (${d.reference}), ${cause(de, d.bulkCause)}. Andernfalls werden zuerst ` +
      `abgehende Anrufe und SMS gesperrt, dann der ganze Anschluss, und am ${d.bulkDeadline ?? ''} wird er abgeschaltet. ` +
      `Danach wird der Anschluss automatisch wieder freigegeben. Einzelheiten: ${d.caseUrl}`,
  }),
  bulk_barred_outgoing: (d) => ({
    subject: `Abgehende Anrufe und SMS von ${d.maskedMsisdn} gesperrt`,
    body:
      `Abgehende Anrufe und SMS von ${d.maskedMsisdn} sind gesperrt (${d.reference}). Zum Aufheben der Sperre ` +
      `${cause(de, d.bulkCause)}. Am ${d.bulkDeadline ?? ''} wird der Anschluss abgeschaltet. Einzelheiten: ${d.caseUrl}`,
  }),
  bulk_barred_full: (d) => ({
    subject: `Anschluss ${d.maskedMsisdn} vollständig gesperrt`,
    body:
      `Der Anschluss ${d.maskedMsisdn} ist vollständig gesperrt (${d.reference}). Um die Rufnummer zu behalten, ` +
      `${cause(de, d.bulkCause)} vor dem ${d.bulkDeadline ?? ''}, dann wird er abgeschaltet. Einzelheiten: ${d.caseUrl}`,
  }),
  bulk_reinstated: (d) => ({
    subject: `${d.maskedMsisdn} bleibt aktiv`,
    body: `Vielen Dank: ${d.maskedMsisdn} bleibt aktiv, jede Sperre ist aufgehoben (${d.reference}). Einzelheiten: ${d.caseUrl}`,
  }),
};

const catalogues: Record<MessageLanguage, Catalogue> = { en, 'zh-CN': zh, de };

export function renderNotification(
  template: NotificationTemplate,
  data: NotificationData,
  language: MessageLanguage = 'en',
): RenderedMessage {
  const catalogue = catalogues[language];
  const message = catalogue[template](data);
  return { subject: message.subject, body: `${message.body}\n\n${catalogue.warning(data.officialChannels)}` };
}

export function renderOneTimeCode(code: string, minutes: number, language: MessageLanguage = 'en'): RenderedMessage {
  return catalogues[language].oneTimeCode(code, minutes);
}

/**
 * Told to every other contact on file the moment a PAC or STAC is issued (the code itself goes only
 * to the line that asked): with a PAC the number can leave, with a STAC the contract ends, so a holder
 * whose SIM was taken over must hear it somewhere the attacker does not. PAC and STAC are UK
 * mechanisms (Ofcom General Condition C7), so the text is English.
 */
export function renderSwitchingCodeIssued(
  kind: 'PAC' | 'STAC',
  data: { maskedMsisdn: string; issuedAt: string; validUntil: string; officialChannels: string },
): RenderedMessage {
  const what =
    kind === 'PAC'
      ? 'a PAC (the code that moves your number to another provider)'
      : 'a STAC (the code that ends your contract when you switch provider)';
  return {
    subject: `A ${kind} was issued for ${data.maskedMsisdn}`,
    body:
      `On ${data.issuedAt} ${what} was sent to ${data.maskedMsisdn}, valid until ${data.validUntil}. ` +
      `If this was you, do nothing. Not you? Contact us at once through the official channels below so we ` +
      `can cancel the code, and lock porting and cancellation for free.\n\n${en.warning(data.officialChannels)}`,
  };
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
  const texts: Record<MessageLanguage, Record<'locked' | 'unlocked', RenderedMessage>> = {
    en: {
      locked: {
        subject: `${data.maskedMsisdn} is locked against porting and cancellation`,
        body: `On ${data.at} porting and cancellation of ${data.maskedMsisdn} were locked. Only you can lift the lock, after signing in with your account login.`,
      },
      unlocked: {
        subject: `The lock on ${data.maskedMsisdn} was lifted`,
        body: `On ${data.at} the lock on porting and cancellation of ${data.maskedMsisdn} was lifted. Not you? Contact us at once.`,
      },
    },
    'zh-CN': {
      locked: {
        subject: `号码 ${data.maskedMsisdn} 已锁定携号转网和销户`,
        body: `${data.at}，号码 ${data.maskedMsisdn} 的携号转网和销户已被锁定。只有您本人使用账户登录后才能解除。`,
      },
      unlocked: {
        subject: `号码 ${data.maskedMsisdn} 的锁定已解除`,
        body: `${data.at}，号码 ${data.maskedMsisdn} 的携号转网和销户锁定已解除。不是您本人？请立即与我们联系。`,
      },
    },
    de: {
      locked: {
        subject: `${data.maskedMsisdn} ist gegen Rufnummernmitnahme und Kündigung gesperrt`,
        body: `Am ${data.at} wurden Rufnummernmitnahme und Kündigung von ${data.maskedMsisdn} gesperrt. Nur Sie können die Sperre aufheben, nach Anmeldung mit Ihrem Kundenkonto.`,
      },
      unlocked: {
        subject: `Die Sperre von ${data.maskedMsisdn} wurde aufgehoben`,
        body: `Am ${data.at} wurde die Sperre für Rufnummernmitnahme und Kündigung von ${data.maskedMsisdn} aufgehoben. Nicht Sie? Melden Sie sich sofort bei uns.`,
      },
    },
  };
  const message = texts[language][change];
  return {
    subject: message.subject,
    body: `${message.body}\n\n${catalogues[language].warning(data.officialChannels)}`,
  };
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
  const texts: Record<MessageLanguage, RenderedMessage> = {
    en: {
      subject: `The SIM card of ${data.maskedMsisdn} was changed`,
      body:
        `On ${data.at} the SIM card of ${data.maskedMsisdn} was changed. If this was you, do nothing. Not you? ` +
        `Contact us at once: someone may be taking over your number. For ${data.pacBlockDays} days no PAC is issued for it.`,
    },
    'zh-CN': {
      subject: `号码 ${data.maskedMsisdn} 的 SIM 卡已更换`,
      body: `${data.at}，号码 ${data.maskedMsisdn} 的 SIM 卡已更换。如果是您本人，无需任何操作。不是您本人？请立即与我们联系：可能有人正在盗用您的号码。`,
    },
    de: {
      subject: `Die SIM-Karte von ${data.maskedMsisdn} wurde getauscht`,
      body:
        `Am ${data.at} wurde die SIM-Karte von ${data.maskedMsisdn} getauscht. Waren Sie das, ist nichts zu tun. Nicht Sie? ` +
        `Melden Sie sich sofort bei uns: Jemand könnte Ihre Rufnummer übernehmen.`,
    },
  };
  const message = texts[language];
  return {
    subject: message.subject,
    body: `${message.body}\n\n${catalogues[language].warning(data.officialChannels)}`,
  };
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
  const texts: Record<MessageLanguage, RenderedMessage> = {
    en: {
      subject: 'Are you on the phone with us?',
      body:
        `An agent of ours is helping someone with this line. If that is you, reply YES ${data.reference} or ` +
        `tap ${data.link} within ${data.minutes} minutes. Not you? Reply NO ${data.reference} or tap the link ` +
        `and choose "This wasn't me". Do not read this message or any code to anyone.`,
    },
    'zh-CN': {
      subject: '您正在与我们通话吗？',
      body:
        `我们的客服正在为某人办理本号码的业务。如果是您本人，请在 ${data.minutes} 分钟内回复 YES ${data.reference} ` +
        `或打开 ${data.link}。不是您本人？请回复 NO ${data.reference}，或打开链接选择“不是我”。请勿把本短信或任何验证码念给任何人。`,
    },
    de: {
      subject: 'Telefonieren Sie gerade mit uns?',
      body:
        `Ein Mitarbeiter von uns hilft gerade jemandem mit dieser Rufnummer. Sind Sie das, antworten Sie innerhalb ` +
        `von ${data.minutes} Minuten mit YES ${data.reference} oder tippen Sie auf ${data.link}. Nicht Sie? ` +
        `Antworten Sie NO ${data.reference} oder wählen Sie über den Link „Das war ich nicht“. Lesen Sie diese ` +
        `Nachricht und keinen Code jemandem vor.`,
    },
  };
  const message = texts[language];
  return {
    subject: message.subject,
    body: `${message.body}\n\n${catalogues[language].warning(data.officialChannels)}`,
  };
}

/**
 * Told to every contact on file when the holder answers an agent's call confirmation with "This
 * wasn't me": someone is posing as them to our contact centre, so they hear it everywhere.
 */
export function renderCallDenied(
  data: { maskedMsisdn: string; at: string; officialChannels: string },
  language: MessageLanguage = 'en',
): RenderedMessage {
  const texts: Record<MessageLanguage, RenderedMessage> = {
    en: {
      subject: `Someone called us about ${data.maskedMsisdn}`,
      body:
        `On ${data.at} someone contacted us about ${data.maskedMsisdn}, and you told us it was not you. We did ` +
        `nothing on the line. You can lock porting and cancellation for free after signing in.`,
    },
    'zh-CN': {
      subject: `有人就号码 ${data.maskedMsisdn} 联系了我们`,
      body: `${data.at}，有人就号码 ${data.maskedMsisdn} 联系了我们，您告诉我们那不是您本人。我们没有对该号码做任何操作。登录后您可以免费锁定携号转网和销户。`,
    },
    de: {
      subject: `Jemand hat uns wegen ${data.maskedMsisdn} kontaktiert`,
      body:
        `Am ${data.at} hat uns jemand wegen ${data.maskedMsisdn} kontaktiert, und Sie haben uns gesagt, dass Sie ` +
        `es nicht waren. Wir haben an der Rufnummer nichts geändert. Nach der Anmeldung können Sie ` +
        `Rufnummernmitnahme und Kündigung kostenlos sperren.`,
    },
  };
  const message = texts[language];
  return {
    subject: message.subject,
    body: `${message.body}\n\n${catalogues[language].warning(data.officialChannels)}`,
  };
}
