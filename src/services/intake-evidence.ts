import {
  assessMailedLetter,
  evidenceRules,
  type AssistedChannel,
  type IdDocumentType,
  type LetterMismatchDecision,
} from '../domain/evidence.js';
import { SimexitError } from '../domain/errors.js';
import { sameName } from '../domain/name-matching.js';
import type { LineRecord, SubscriberRecord } from '../ports/ports.js';
import { confirmationForFiling, type AgentSession } from './call-confirmations.service.js';
import type { Actor, ServiceContext } from './context.js';
import type { CaseMeta, DocumentInput } from './intake-filing.js';

export type StaffVerification =
  | { method: 'line_confirmation'; confirmationId: string }
  | { method: 'id_document'; documentType: IdDocumentType; documentNumber: string; holderName: string }
  | {
      method: 'mailed_letter';
      holderName: string;
      address: string | null;
      dateOfBirth: string | null;
      /** The account number the letter quotes (from a bill). */
      accountNumber?: string | null;
      /** The last digits of the card's serial number the letter quotes. */
      iccidLastDigits?: string | null;
      letterDate: string;
      scan: { filename: string; contentType: string; content: Buffer };
      /** What the clerk chose for a letter that contradicts the account; required exactly then. */
      onMismatch?: LetterMismatchDecision | null;
    };

/** What a staff member's proof of identity leaves on the case it files. */
export interface StaffEvidence {
  /** The case's `verification` record: how identity was proven, with what a person may see of it. */
  recorded: Record<string, unknown>;
  mismatchedLetter: CaseMeta['mismatchedLetter'];
  documents: DocumentInput[];
  spendProof: CaseMeta['spendProof'];
}

/** Each channel verifies identity its own way (domain/evidence.ts evidenceRules). */
export function refuseMethodOffChannel(channel: AssistedChannel, method: StaffVerification['method']): void {
  const { methods } = evidenceRules[channel];
  if (!methods.includes(method)) {
    throw new SimexitError(
      'VALIDATION_FAILED',
      `The ${channel} channel verifies identity by ${methods.join(' or ').replace(/_/g, ' ')}.`,
      {
        field: 'verification.method',
      },
    );
  }
}

/**
 * Checks the proof a staff member keyed against the account: a call confirmation is taken for
 * spending in the case's transaction, an ID document must match on the spot, and a mailed letter is
 * weighed factor by factor, a contradiction filed only with the clerk's decision.
 */
export async function checkStaffEvidence(
  context: ServiceContext,
  agent: AgentSession,
  actor: Extract<Actor, { kind: 'staff' }>,
  line: LineRecord,
  subscriber: SubscriberRecord,
  verification: StaffVerification,
): Promise<StaffEvidence> {
  let recorded: Record<string, unknown>;
  let mismatchedLetter: CaseMeta['mismatchedLetter'] = null;
  const documents: DocumentInput[] = [];
  let spendProof: CaseMeta['spendProof'];
  switch (verification.method) {
    case 'line_confirmation': {
      spendProof = await confirmationForFiling(context, agent, verification.confirmationId, line);
      recorded = { method: 'line_confirmation', confirmationId: verification.confirmationId, staffId: actor.id };
      break;
    }
    case 'id_document': {
      const mismatched = [];
      if (!sameName(verification.holderName, subscriber.name)) mismatched.push('name');
      if (
        !subscriber.idDocument ||
        subscriber.idDocument.type !== verification.documentType ||
        subscriber.idDocument.number.toUpperCase() !== verification.documentNumber.trim().toUpperCase()
      ) {
        mismatched.push('document');
      }
      if (mismatched.length > 0) {
        throw new SimexitError(
          'IDENTITY_MISMATCH',
          `The ${mismatched.join(' and ')} on the ID document do not match the account.`,
          {
            mismatched,
          },
        );
      }
      recorded = {
        method: 'id_document',
        documentType: verification.documentType,
        documentNumberLast4: verification.documentNumber.trim().slice(-4),
        staffId: actor.id,
      };
      break;
    }
    case 'mailed_letter': {
      // domain/evidence.ts: name and address plus one more factor; a contradiction rejects the letter,
      // too little sends it to a person with the reason (a letter always reaches a person anyway).
      const evidence = assessMailedLetter(
        {
          holderName: verification.holderName,
          address: verification.address,
          dateOfBirth: verification.dateOfBirth,
          accountNumber: verification.accountNumber ?? null,
          iccidLastDigits: verification.iccidLastDigits ?? null,
        },
        {
          name: subscriber.name,
          address: subscriber.address,
          dateOfBirth: subscriber.dateOfBirth,
          accountNumber: subscriber.id,
          iccid: line.iccid,
        },
      );
      const mismatched = evidence.outcome === 'mismatch' ? evidence.mismatched : [];
      const decision = verification.onMismatch ?? null;
      if (mismatched.length > 0 && decision === null) {
        throw new SimexitError(
          'LETTER_MISMATCH',
          `The letter does not match the account (${mismatched.join(', ').replace(/_/g, ' ')}). ` +
            'Correct any typing mistake, or choose what happens: send it to review, ask the holder, or reject it with a reason.',
          { mismatched, matched: evidence.matched },
        );
      }
      if (mismatched.length === 0 && decision !== null) {
        throw new SimexitError(
          'VALIDATION_FAILED',
          'The letter matches the account, so there is no mismatch to decide: file it without an outcome.',
          { field: 'verification.onMismatch' },
        );
      }
      if (decision) mismatchedLetter = { mismatched, decision };
      documents.push({ kind: 'mailed_letter_scan', ...verification.scan });
      recorded = {
        method: 'mailed_letter',
        letterDate: verification.letterDate,
        keyedName: verification.holderName,
        matched: evidence.outcome === 'matched',
        evidence: evidence.outcome,
        matchedFactors: evidence.matched,
        mismatched,
        ...(decision ? { mismatchOutcome: decision } : {}),
        ...(evidence.outcome === 'insufficient' ? { missing: evidence.missing, reviewReason: evidence.reason } : {}),
        staffId: actor.id,
      };
      break;
    }
  }
  return { recorded, mismatchedLetter, documents, spendProof };
}
