import type { NotificationTemplate } from './lifecycle.js';

/**
 * What simexit tells the holder at each step, as plain text for SMS and e-mail.
 * Every message names the official channels and says what the operator never asks for: real-world
 * cancellation scams impersonate the operator by phone and DM to harvest passwords and card numbers.
 */
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
}

export interface RenderedMessage {
  subject: string;
  body: string;
}

const bodies: Record<NotificationTemplate, (data: NotificationData) => RenderedMessage> = {
  receipt: (d) => ({
    subject: `We received your cancellation ${d.reference}`,
    body:
      `We received your request to cancel ${d.maskedMsisdn} on ${d.receivedAt}. ` +
      `The line ends on ${d.lineEndsOn} at the earliest. Track or withdraw it at ${d.caseUrl}.`,
  }),
  cooling_off_started: (d) => ({
    subject: `A cancellation of ${d.maskedMsisdn} was requested`,
    body:
      `Someone asked to cancel ${d.maskedMsisdn} (${d.reference}). If this was you, do nothing. ` +
      `Not you? Stop it here: ${d.caseUrl}`,
  }),
  needs_info: (d) => ({
    subject: `We need more information for ${d.reference}`,
    body: `To continue cancelling ${d.maskedMsisdn} we need: ${d.infoRequest ?? ''}. Reply at ${d.caseUrl}.`,
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
      `Your cancellation of ${d.maskedMsisdn} was not accepted (reason: ${d.reason ?? 'other'}). ` +
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
};

export function renderNotification(template: NotificationTemplate, data: NotificationData): RenderedMessage {
  const message = bodies[template](data);
  return {
    subject: message.subject,
    body:
      `${message.body}\n\nWe never ask for your password or full card number by phone, chat or social media. ` +
      `Cancelling is free. Official channels only: ${data.officialChannels}`,
  };
}
