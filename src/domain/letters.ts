import type { channels } from './evidence.js';
import type { BoundServiceChannel, BoundServiceKind } from './line.js';
import type { MessageLanguage } from './message-formats.js';
import type { ProductType, RefundMethod } from './policy/types.js';

/**
 * The words of the two letters a holder keeps (services/receipt.service.ts lays them out as PDFs):
 * the receipt of a cancellation (§312k(4) BGB's text-form confirmation, given in every market) and
 * the confirmation letter of a completed one. English, Simplified Chinese and German, each complete
 * (letters.test.ts renders every text in every language). Values (dates, amounts, numbers) arrive
 * already written in the letter's language (domain/message-formats.ts), as for messages.
 */
export interface LetterTexts {
  product: Record<ProductType, string>;
  /** How the request reached us, as the receipt says it ("received online", "by post"). */
  intakeChannel: Record<(typeof channels)[number], string>;
  refundMethod: Record<RefundMethod, string>;
  serviceKind: Record<BoundServiceKind, string>;
  serviceChannel: Record<BoundServiceChannel, string>;
  reference: (reference: string) => string;
  caseId: (id: string) => string;
  footer: { free: string; caseLink: (url: string) => string; officialChannels: (url: string) => string };
  receipt: {
    documentTitle: (reference: string) => string;
    title: string;
    whatTitle: string;
    what: (d: { product: string; maskedMsisdn: string; channel: string }) => string;
    ordinary: string;
    extraordinary: (reason: string) => string;
    receivedTitle: string;
    endTitle: string;
    cardReturnTitle: string;
    cardReturn: (d: { address: string; days: number }) => string;
  };
  /** What the receipt says about the end date, any charge and the balance. */
  end: {
    date: (date: string) => string;
    minimumTerm: string;
    notice: string;
    prepaid: string;
    earlyCharge: (d: { minimumTermEndsOn: string; amount: string }) => string;
    refund: (d: { amount: string; method: string; date: string }) => string;
    refundUndated: string;
    transfer: (d: { credit: string; to: string }) => string;
  };
  confirmation: {
    documentTitle: (reference: string) => string;
    title: string;
    cancelledTitle: string;
    cancelled: (d: { product: string; maskedMsisdn: string; at: string }) => string;
    balanceTitle: string;
    noBalance: string;
    transferred: (d: { credit: string; to: string }) => string;
    /** The target line's balance before and after (only when it is on the holder's own account). */
    targetBalance: (d: { to: string; before: string; after: string }) => string;
    targetData: (d: { to: string; before: string; after: string }) => string;
    forfeited: string;
    billingReference: (reference: string) => string;
    numberTitle: string;
    numberHeldUntil: (date: string) => string;
    numberHeld: string;
    servicesTitle: string;
    noServices: string;
    serviceTold: (d: { name: string; kind: string; at: string; channel: string; answer: string }) => string;
    serviceToldUndetailed: (d: { name: string; kind: string }) => string;
    nowTitle: string;
    stopUsing: string;
    watchAccounts: string;
  };
}

const en: LetterTexts = {
  product: { sim: 'SIM card', esim: 'eSIM', data_only: 'data-only card' },
  intakeChannel: {
    online: 'online',
    phone: 'by phone',
    chat: 'by chat',
    email: 'by e-mail',
    social: 'on social media',
    store: 'in a store',
    mail: 'by post',
    bss: 'through our customer systems',
    sms: 'by text message',
    bulk: 'as part of a deactivation run',
  },
  refundMethod: { original_payment_method: 'to the way you paid', bank_transfer: 'by bank transfer' },
  serviceKind: {
    bank: 'bank',
    payment: 'payment service',
    app_login: 'app sign-in',
    device_instalment: 'device instalments',
    addon: 'add-on',
    family_plan: 'family plan',
  },
  serviceChannel: {
    webhook: 'their registered connection',
    partner_api: 'our partner connection',
    operator_system: 'our own systems',
  },
  reference: (reference) => `Reference: ${reference}`,
  caseId: (id) => `Case id: ${id}`,
  footer: {
    free: 'Cancelling is free. We never ask for your password or full card number by phone, chat or social media.',
    caseLink: (url) => `Your case: ${url}`,
    officialChannels: (url) => `Official channels only: ${url} or the number printed on your bill`,
  },
  receipt: {
    documentTitle: (reference) => `Cancellation receipt ${reference}`,
    title: 'Cancellation receipt',
    whatTitle: 'What we received',
    what: (d) => `A request to cancel the ${d.product} ${d.maskedMsisdn}, received ${d.channel}.`,
    ordinary: 'Ordinary termination.',
    extraordinary: (reason) => `Extraordinary termination, for the reason you gave: ${reason}`,
    receivedTitle: 'When we received it',
    endTitle: 'When the line ends',
    cardReturnTitle: 'Card return',
    cardReturn: (d) => `Please post the card to ${d.address} within ${d.days} days of approval.`,
  },
  end: {
    date: (date) => `${date}.`,
    minimumTerm: 'This is the end of your minimum term; ending then is free of charge.',
    notice: 'This is when your notice period ends; ending then is free of charge.',
    prepaid: 'Pay-as-you-go: the line ends once the cancellation is carried out.',
    earlyCharge: (d) =>
      `You asked to end before your minimum term ends (${d.minimumTermEndsOn}): ` +
      `early-termination charge ${d.amount}, on your final bill.`,
    refund: (d) => `Your remaining credit of ${d.amount} is refunded ${d.method}, by ${d.date}.`,
    refundUndated: 'Your remaining credit is refunded to you.',
    transfer: (d) => `Your credit of ${d.credit} moves to ${d.to}.`,
  },
  confirmation: {
    documentTitle: (reference) => `Cancellation confirmation ${reference}`,
    title: 'Confirmation of cancellation',
    cancelledTitle: 'Your line is cancelled',
    cancelled: (d) =>
      `The ${d.product} ${d.maskedMsisdn} was deactivated on ${d.at}. Billing has stopped; a final bill was produced.`,
    balanceTitle: 'Your balance',
    noBalance: 'There was no credit or data left to settle.',
    transferred: (d) => `Your remaining credit of ${d.credit} was transferred to ${d.to}.`,
    targetBalance: (d) => `Credit on ${d.to}: ${d.before} before, ${d.after} after.`,
    targetData: (d) => `Data on ${d.to}: ${d.before} before, ${d.after} after.`,
    forfeited: 'You chose to give up the remaining credit and data.',
    billingReference: (reference) => `Billing reference: ${reference}`,
    numberTitle: 'Your number',
    numberHeldUntil: (date) => `It will not be given to anyone else before ${date}.`,
    numberHeld: 'It is held back before it can be given to anyone else.',
    servicesTitle: 'Services that used the number',
    noServices: 'No services were linked to this number.',
    serviceTold: (d) => `${d.name} (${d.kind}): told on ${d.at} through ${d.channel}; their answer: ${d.answer}.`,
    serviceToldUndetailed: (d) => `${d.name} (${d.kind}): told when the line was closed.`,
    nowTitle: 'What to do now',
    stopUsing: 'Stop using the card and destroy it unless we asked you to post it back.',
    watchAccounts: 'Watch your bank, payment and app accounts for anything unusual.',
  },
};

const zhCN: LetterTexts = {
  product: { sim: 'SIM 卡', esim: 'eSIM', data_only: '数据卡' },
  intakeChannel: {
    online: '网上',
    phone: '电话',
    chat: '在线客服',
    email: '电子邮件',
    social: '社交媒体',
    store: '营业厅',
    mail: '邮寄',
    bss: '业务系统',
    sms: '短信',
    bulk: '批量停机',
  },
  refundMethod: { original_payment_method: '原路退回', bank_transfer: '通过银行转账退回' },
  serviceKind: {
    bank: '银行',
    payment: '支付服务',
    app_login: '应用登录',
    device_instalment: '终端分期',
    addon: '附加业务',
    family_plan: '家庭套餐',
  },
  serviceChannel: {
    webhook: '对方登记的接口',
    partner_api: '合作伙伴接口',
    operator_system: '我们自己的系统',
  },
  reference: (reference) => `受理编号：${reference}`,
  caseId: (id) => `工单号：${id}`,
  footer: {
    free: '注销免费。我们绝不会通过电话、在线客服或社交媒体索要您的密码或完整卡号。',
    caseLink: (url) => `您的注销申请：${url}`,
    officialChannels: (url) => `请只通过官方渠道联系我们：${url} 或账单上印有的客服电话`,
  },
  receipt: {
    documentTitle: (reference) => `注销受理回执 ${reference}`,
    title: '注销受理回执',
    whatTitle: '我们收到的申请',
    what: (d) => `申请注销${d.product}号码 ${d.maskedMsisdn}（${d.channel}受理）。`,
    ordinary: '正常注销。',
    extraordinary: (reason) => `特殊原因注销，您填写的原因：${reason}`,
    receivedTitle: '受理时间',
    endTitle: '号码终止日期',
    cardReturnTitle: '寄回 SIM 卡',
    cardReturn: (d) => `审核通过后，请在 ${d.days} 天内将卡寄至：${d.address}。`,
  },
  end: {
    date: (date) => `${date}。`,
    minimumTerm: '届时您的合约期结束，在此日期终止不收取任何费用。',
    notice: '届时您的提前通知期结束，在此日期终止不收取任何费用。',
    prepaid: '预付费号码：注销办理完成后即终止。',
    earlyCharge: (d) =>
      `您要求在合约期结束日（${d.minimumTermEndsOn}）之前终止：提前解约费 ${d.amount}，计入最后一期账单。`,
    refund: (d) => `您的剩余余额 ${d.amount} 将于${d.date}前${d.method}。`,
    refundUndated: '您的剩余余额将退还给您。',
    transfer: (d) => `您的余额 ${d.credit} 将转入 ${d.to}。`,
  },
  confirmation: {
    documentTitle: (reference) => `注销确认函 ${reference}`,
    title: '注销确认函',
    cancelledTitle: '您的号码已注销',
    cancelled: (d) => `${d.product}号码 ${d.maskedMsisdn} 已于${d.at}停用。计费已停止，最后一期账单已出具。`,
    balanceTitle: '您的余额',
    noBalance: '没有需要处理的余额或流量。',
    transferred: (d) => `您的剩余余额 ${d.credit} 已转入 ${d.to}。`,
    targetBalance: (d) => `${d.to} 的余额：转入前 ${d.before}，转入后 ${d.after}。`,
    targetData: (d) => `${d.to} 的流量：转入前 ${d.before}，转入后 ${d.after}。`,
    forfeited: '您已选择放弃剩余余额和流量。',
    billingReference: (reference) => `计费系统流水号：${reference}`,
    numberTitle: '您的号码',
    numberHeldUntil: (date) => `${date}之前，该号码不会分配给他人。`,
    numberHeld: '该号码在再次分配给他人之前会保留一段时间。',
    servicesTitle: '使用该号码的服务',
    noServices: '该号码未绑定任何服务。',
    serviceTold: (d) => `${d.name}（${d.kind}）：已于${d.at}通过${d.channel}通知；对方答复：${d.answer}。`,
    serviceToldUndetailed: (d) => `${d.name}（${d.kind}）：已在号码停用时通知。`,
    nowTitle: '您现在需要做什么',
    stopUsing: '请停止使用该卡；除非我们要求您寄回，请将其销毁。',
    watchAccounts: '请留意您的银行、支付和应用账户有无异常。',
  },
};

const de: LetterTexts = {
  product: { sim: 'SIM-Karte', esim: 'eSIM', data_only: 'Datenkarte' },
  intakeChannel: {
    online: 'online',
    phone: 'telefonisch',
    chat: 'per Chat',
    email: 'per E-Mail',
    social: 'über soziale Medien',
    store: 'im Shop',
    mail: 'per Post',
    bss: 'über unsere Kundensysteme',
    sms: 'per SMS',
    bulk: 'im Rahmen einer Abschaltaktion',
  },
  refundMethod: { original_payment_method: 'über Ihr ursprüngliches Zahlungsmittel', bank_transfer: 'per Überweisung' },
  serviceKind: {
    bank: 'Bank',
    payment: 'Zahlungsdienst',
    app_login: 'App-Anmeldung',
    device_instalment: 'Geräte-Ratenzahlung',
    addon: 'Zusatzoption',
    family_plan: 'Familientarif',
  },
  serviceChannel: {
    webhook: 'die von ihnen registrierte Schnittstelle',
    partner_api: 'unsere Partnerschnittstelle',
    operator_system: 'unsere eigenen Systeme',
  },
  reference: (reference) => `Vorgangsnummer: ${reference}`,
  caseId: (id) => `Vorgangs-ID: ${id}`,
  footer: {
    free:
      'Die Kündigung ist kostenlos. Wir fragen nie per Telefon, Chat oder sozialen Medien nach Ihrem Passwort ' +
      'oder Ihrer vollständigen Kartennummer.',
    caseLink: (url) => `Ihre Kündigung: ${url}`,
    officialChannels: (url) => `Nur offizielle Kanäle: ${url} oder die Rufnummer auf Ihrer Rechnung`,
  },
  receipt: {
    documentTitle: (reference) => `Eingangsbestätigung Ihrer Kündigung ${reference}`,
    title: 'Eingangsbestätigung Ihrer Kündigung',
    whatTitle: 'Was bei uns eingegangen ist',
    what: (d) => `Die Kündigung der ${d.product} mit der Rufnummer ${d.maskedMsisdn}, ${d.channel} eingegangen.`,
    ordinary: 'Ordentliche Kündigung.',
    extraordinary: (reason) => `Außerordentliche Kündigung aus dem von Ihnen genannten Grund: ${reason}`,
    receivedTitle: 'Wann sie eingegangen ist',
    endTitle: 'Wann der Vertrag endet',
    cardReturnTitle: 'Rücksendung der Karte',
    cardReturn: (d) => `Bitte senden Sie die Karte innerhalb von ${d.days} Tagen nach der Genehmigung an ${d.address}.`,
  },
  end: {
    date: (date) => `${date}.`,
    minimumTerm: 'Dann endet Ihre Mindestlaufzeit; die Kündigung zu diesem Termin ist kostenlos.',
    notice: 'Dann endet Ihre Kündigungsfrist; die Kündigung zu diesem Termin ist kostenlos.',
    prepaid: 'Prepaid: Der Anschluss endet, sobald die Kündigung ausgeführt ist.',
    earlyCharge: (d) =>
      `Sie haben ein Ende vor Ablauf der Mindestlaufzeit (${d.minimumTermEndsOn}) gewünscht: ` +
      `Gebühr für die vorzeitige Vertragsbeendigung ${d.amount}, auf Ihrer Schlussrechnung.`,
    refund: (d) => `Ihr Restguthaben von ${d.amount} wird ${d.method} erstattet, spätestens bis zum ${d.date}.`,
    refundUndated: 'Ihr Restguthaben wird Ihnen erstattet.',
    transfer: (d) => `Ihr Guthaben von ${d.credit} wird auf ${d.to} übertragen.`,
  },
  confirmation: {
    documentTitle: (reference) => `Kündigungsbestätigung ${reference}`,
    title: 'Kündigungsbestätigung',
    cancelledTitle: 'Ihr Anschluss ist gekündigt',
    cancelled: (d) =>
      `Die ${d.product} mit der Rufnummer ${d.maskedMsisdn} wurde am ${d.at} abgeschaltet. ` +
      'Die Abrechnung ist beendet; die Schlussrechnung wurde erstellt.',
    balanceTitle: 'Ihr Guthaben',
    noBalance: 'Es war kein Guthaben und kein Datenvolumen mehr abzurechnen.',
    transferred: (d) => `Ihr Restguthaben von ${d.credit} wurde auf ${d.to} übertragen.`,
    targetBalance: (d) => `Guthaben auf ${d.to}: vorher ${d.before}, nachher ${d.after}.`,
    targetData: (d) => `Datenvolumen auf ${d.to}: vorher ${d.before}, nachher ${d.after}.`,
    forfeited: 'Sie haben auf das Restguthaben und das Datenvolumen verzichtet.',
    billingReference: (reference) => `Buchungsnummer: ${reference}`,
    numberTitle: 'Ihre Rufnummer',
    numberHeldUntil: (date) => `Sie wird vor dem ${date} an niemanden sonst vergeben.`,
    numberHeld: 'Sie wird eine Zeit lang zurückgehalten, bevor sie neu vergeben werden kann.',
    servicesTitle: 'Dienste, die die Rufnummer nutzten',
    noServices: 'Mit dieser Rufnummer waren keine Dienste verknüpft.',
    serviceTold: (d) => `${d.name} (${d.kind}): am ${d.at} über ${d.channel} informiert; Antwort: ${d.answer}.`,
    serviceToldUndetailed: (d) => `${d.name} (${d.kind}): bei der Abschaltung des Anschlusses informiert.`,
    nowTitle: 'Was Sie jetzt tun sollten',
    stopUsing:
      'Nutzen Sie die Karte nicht mehr und vernichten Sie sie, sofern wir Sie nicht um die Rücksendung gebeten haben.',
    watchAccounts: 'Achten Sie auf ungewöhnliche Vorgänge in Ihren Bank-, Zahlungs- und App-Konten.',
  },
};

export const letterTexts: Record<MessageLanguage, LetterTexts> = { en, 'zh-CN': zhCN, de };
