/**
 * Four eyes on every decision that ends a line: the person who takes a request (files it, or checks
 * the caller's code, the ID document or the letter) never also approves it, and a second approval
 * comes from a third person. Insider misuse — an agent closing a line for an accomplice, or on their
 * own word — then needs two colleagues who agree, which is what a review is for.
 */
export interface ApprovalParties {
  /** Staff id of whoever filed the case (null: the holder or a system filed it). */
  filedBy: string | null;
  /** Staff id of whoever verified the holder's identity for it (recorded in `verification.staffId`). */
  verifiedBy: string | null;
  /** Staff ids that approved the current review so far, in order. */
  approvals: readonly string[];
}

export type FourEyesCode = 'APPROVER_FILED_CASE' | 'APPROVER_VERIFIED_CASE' | 'SAME_APPROVER';

export interface FourEyesRefusal {
  code: FourEyesCode;
  message: string;
}

/** Why `staffId` may not approve this case, or null when they may. */
export function approvalRefusal(parties: ApprovalParties, staffId: string): FourEyesRefusal | null {
  if (parties.filedBy !== null && parties.filedBy === staffId) {
    return {
      code: 'APPROVER_FILED_CASE',
      message: 'You filed this case, so someone else must approve it. Leave it in the queue for a colleague.',
    };
  }
  if (parties.verifiedBy !== null && parties.verifiedBy === staffId) {
    return {
      code: 'APPROVER_VERIFIED_CASE',
      message:
        'You verified the holder’s identity for this case, so someone else must approve it. Leave it in the queue for a colleague.',
    };
  }
  if (parties.approvals.includes(staffId)) {
    return { code: 'SAME_APPROVER', message: 'This case needs a second approval from a different person.' };
  }
  return null;
}

/** The staff id a case's verification names, if a person verified it. */
export function verifierOf(verification: Record<string, unknown>): string | null {
  return typeof verification.staffId === 'string' ? verification.staffId : null;
}
