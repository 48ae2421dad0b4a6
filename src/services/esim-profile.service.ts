import { findRelease, recordReleaseAttempt, recordReleaseOutcome } from '../db/repositories/esim.repository.js';
import type { CaseRow } from '../db/repositories/cases.repository.js';
import { finalProfileStatusFor } from '../domain/esim.js';
import { EsimFunctionFailedError, type EsimReleaseResult } from '../ports/ports.js';
import type { ServiceContext } from './context.js';

/**
 * Execution step `release_esim_profile` (key `release_esim_profile:<caseId>`, which is also the ES2+
 * functionCallIdentifier): after the line is deactivated, its eSIM profile is cancelled at the
 * operator's SM-DP+ with ES2+ CancelOrder, `Unavailable` when the CRM says it was ever downloaded (it
 * must never be given to anyone else) and `Available` when it never left the SM-DP+ (it goes back to
 * stock). Lines that are not eSIMs record the step as skipped.
 *
 * ES2+ ReleaseProfile is not called: SGP.22 §5.3.4 defines it for a download order confirmed with
 * `releaseFlag` false, to make that profile downloadable, which is the opposite of ending a line.
 *
 * Each attempt is written before the call (esim_profile_releases): what the first attempt asked is
 * what every repeat asks. A repeat after an attempt whose answer never came (a crash, a timeout, a
 * dropped connection) is told to the adapter, which then takes the SM-DP+'s "no longer cancellable" as
 * the earlier call having taken effect; after an attempt the SM-DP+ refused, it is not. An outage is thrown as
 * OutsideSystemUnavailableError (the case waits visibly and is retried); any other refusal fails the
 * step, and after the job's last retry the case goes to `failed` for a person.
 */
export async function releaseEsimProfile(
  context: ServiceContext,
  row: CaseRow,
  key: string,
): Promise<Record<string, unknown>> {
  if (row.product_type !== 'esim') return { skipped: 'not an eSIM line' };
  // The CRM is asked only before the first call: a repeat asks what the first call asked.
  const facts = (await findRelease(context.db, row.id)) ? null : await profileFacts(context, row);
  const release = await recordReleaseAttempt(context.db, {
    caseId: row.id,
    subscriberId: row.subscriber_id,
    iccid: row.iccid,
    functionCallIdentifier: key,
    finalProfileStatus: finalProfileStatusFor(facts?.state ?? null),
    profileState: facts?.state ?? null,
    eid: facts?.eid ?? null,
    matchingId: facts?.matchingId ?? null,
    at: context.clock.now(),
  });
  let result: EsimReleaseResult;
  try {
    result = await context.ports.esim.releaseProfile(
      {
        iccid: release.iccid,
        eid: release.eid,
        matchingId: release.matching_id,
        finalProfileStatusIndicator: release.final_profile_status,
      },
      key,
      // An earlier attempt may have acted unseen only if none was answered with a refusal.
      { repeated: release.attempts > 1 && !release.refused },
    );
  } catch (error) {
    await recordReleaseOutcome(context.db, row.id, {
      error: error instanceof Error ? error.message : String(error),
      refused: error instanceof EsimFunctionFailedError,
    });
    throw error;
  }
  const answeredAt = context.clock.now();
  const answer = {
    functionCallIdentifier: result.functionCallIdentifier,
    finalProfileStatusIndicator: release.final_profile_status,
    profileState: release.profile_state ?? 'unknown',
    status: result.status,
    ...(result.statusCodeData ? { statusCodeData: result.statusCodeData } : {}),
  };
  await recordReleaseOutcome(context.db, row.id, { answer, at: answeredAt });
  return { iccid: row.iccid, ...answer, answeredAt: answeredAt.toISOString() };
}

/** The profile as the CRM knows it, for the card the case is about (another card's facts do not count). */
async function profileFacts(context: ServiceContext, row: CaseRow) {
  const line = await context.ports.crm.findLine(row.msisdn);
  return line && line.iccid === row.iccid ? (line.esimProfile ?? null) : null;
}
