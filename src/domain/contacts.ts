/**
 * Who hears about a case. The contacts on file at the operator are the holder's only defence against a
 * cancellation or port-out they did not ask for: an attacker who swapped the SIM receives the line's own
 * texts, and one who asks for "confirmation to this address" would otherwise read the only warning.
 * So every safety message goes to every contact on file (the line, every other verified number of the
 * account, the account's e-mail); an address the requester gives is one more recipient, never a
 * replacement, and it is never the only one.
 */

/** A phone number the account holds on file besides its lines (an alternative contact number). */
export interface ContactNumber {
  msisdn: string;
  /** When the holder proved the number is theirs (a code sent to it); null: never verified. */
  verifiedAt: Date | null;
  /** When the number was added or last changed on the account: a recent change is a fraud signal. */
  changedAt: Date | null;
}

/** The contacts a case writes to, fixed when it is filed (stored as the case's `contacts`). */
export interface CaseContacts {
  /** The line itself, by SMS. */
  sms: string;
  /** The account's e-mail address on file (null when the account has none). */
  email: string | null;
  /** Other verified numbers of the account, by SMS. Absent on cases filed before they were kept. */
  otherSms?: string[];
  /** An extra address the requester asked the confirmation to go to, when it is not the account's. */
  requestedEmail?: string | null;
}

/** The contacts of a case for the line `msisdn` of an account, with the requester's extra address. */
export function caseContactsFor(
  msisdn: string,
  account: { email: string | null; contactNumbers: readonly ContactNumber[] },
  requestedEmail: string | null,
): CaseContacts {
  const email = account.email?.trim() ? account.email.trim() : null;
  const otherSms = [
    ...new Set(
      account.contactNumbers
        .filter((contact) => contact.verifiedAt !== null && contact.msisdn !== msisdn)
        .map((contact) => contact.msisdn),
    ),
  ].sort();
  const requested = requestedEmail?.trim() ? requestedEmail.trim() : null;
  const sameAddress = requested !== null && email !== null && requested.toLowerCase() === email.toLowerCase();
  return { sms: msisdn, email, otherSms, requestedEmail: sameAddress ? null : requested };
}

export interface Recipient {
  channel: 'sms' | 'email';
  to: string;
  /** Stable per recipient within one message (`sms`, `email`, `sms:+44…`, `email:requested`): the dedupe key's tail. */
  key: string;
}

/**
 * Everyone a case's message goes to. `channels` says what the line itself can receive: without `sms`
 * (a line fully barred or already closed) the line gets no text, but the account's other verified
 * numbers are other lines and still do. The e-mail goes to the account address and, when one was
 * requested, to that address as well.
 */
export function recipientsOf(
  contacts: CaseContacts,
  channels: readonly ('sms' | 'email')[] = ['sms', 'email'],
): Recipient[] {
  const recipients: Recipient[] = [];
  if (channels.includes('sms')) recipients.push({ channel: 'sms', to: contacts.sms, key: 'sms' });
  for (const other of contacts.otherSms ?? []) {
    if (other !== contacts.sms) recipients.push({ channel: 'sms', to: other, key: `sms:${other}` });
  }
  if (channels.includes('email')) {
    if (contacts.email) recipients.push({ channel: 'email', to: contacts.email, key: 'email' });
    if (contacts.requestedEmail)
      recipients.push({ channel: 'email', to: contacts.requestedEmail, key: 'email:requested' });
  }
  return recipients;
}

/**
 * The latest change to any contact on the account: the e-mail or address (`contactChangedAt`) or any
 * contact number, verified or not (adding an unverified number of one's own is a step of a takeover too).
 */
export function latestContactChange(account: {
  contactChangedAt: Date | null;
  contactNumbers: readonly ContactNumber[];
}): Date | null {
  let latest = account.contactChangedAt;
  for (const contact of account.contactNumbers) {
    if (contact.changedAt && (latest === null || contact.changedAt.getTime() > latest.getTime())) {
      latest = contact.changedAt;
    }
  }
  return latest;
}
