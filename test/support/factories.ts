import { z } from 'zod';
import { findCase, type CaseRow } from '../../src/db/repositories/cases.repository.js';
import { timerDueAt } from '../../src/db/repositories/timers.repository.js';
import { findEnabledStaffUserByEmail } from '../../src/db/repositories/staff-users.repository.js';
import type { CaseState } from '../../src/domain/lifecycle.js';
import { cancellationFields, toDecisions } from '../../src/http/schemas.js';
import { inTransaction } from '../../src/services/context.js';
import { submitCancellation } from '../../src/services/intake.service.js';
import { openStaffSession } from '../../src/services/staff-sign-in.service.js';
import { openSubscriberSession } from '../../src/services/subscriber-sign-in.service.js';
import { passLineEnd, type Services } from './harness.js';

/**
 * Test factories: the sessions, lines and cases a test starts from, made by the services and written
 * through the repositories as the real paths write them, without the requests, one-time codes and
 * password hashes that lead there. The paths themselves are tested on their own (sign-in in
 * security.test.ts and the browser tests, filing in journeys.test.ts and portal-api.test.ts).
 */

/** A demo persona's line and the holder it belongs to. */
export interface DemoLine {
  msisdn: string;
  iccid: string;
  subscriberId: string;
}

/** The `index`th line of a demo persona, in the order GET /demo/personas lists them. */
export async function demoLine(services: Services, persona: string, index = 0): Promise<DemoLine> {
  const subscriberId = `demo-${persona}`;
  const line = (await services.system.demo!.lines()).filter((l) => l.subscriber_id === subscriberId)[index];
  if (!line) throw new Error(`the demo has no line ${index} for persona ${persona}`);
  return { msisdn: line.msisdn, iccid: line.iccid, subscriberId };
}

/** The session a holder gets by a code sent to `line` (audited as that sign-in): its bearer token. */
export async function holderSession(services: Services, line: DemoLine): Promise<string> {
  const { context } = services.system;
  const session = await inTransaction(context, (tx) =>
    openSubscriberSession(
      context,
      tx,
      { subscriberId: line.subscriberId, msisdn: line.msisdn, purpose: 'subscriber_line' },
      null,
    ),
  );
  return session.token;
}

/** The session a staff member gets by signing in (audited as a sign-in): its bearer token. */
export async function staffSession(services: Services, email: string): Promise<string> {
  const { context } = services.system;
  const user = await findEnabledStaffUserByEmail(context.db, email);
  if (!user) throw new Error(`no enabled staff member ${email}`);
  return (await openStaffSession(context, user)).token;
}

/** What a holder files: any of the fields of POST /v1/cancellations, with the same defaults. */
export type Filing = Partial<z.input<z.ZodObject<typeof cancellationFields>>>;

/**
 * The case the line's holder files online (as POST /v1/cancellations files it, with `key` as its
 * Idempotency-Key), after the worker assessed it: cooling off, or wherever its checks sent it.
 */
export async function fileCase(
  services: Services,
  line: DemoLine,
  filing: Filing = {},
  key: string | null = null,
): Promise<CaseRow> {
  const input = z.object(cancellationFields).parse({ msisdn: line.msisdn, ...filing });
  const { context } = services.system;
  const filed = await submitCancellation(
    context,
    { kind: 'subscriber', id: line.subscriberId, scope: [line.msisdn] },
    { ...input, decisions: toDecisions(input.decisions) },
    key,
  );
  await services.drain();
  return (await findCase(context.db, filed.case.id))!;
}

/** The states a filed case reaches by time alone: cooling-off, then its route (review, its end date, done). */
export type StateByTime = Extract<CaseState, 'cooling_off' | 'in_review' | 'scheduled' | 'completed'>;

/**
 * A case of `line` in `state`, reached as the real case reaches it: filed, assessed, and the clock moved
 * to when its cooling-off ends (and, for `completed`, past its line's end date), firing what comes due.
 * Throws when the line's case goes elsewhere (its checks send it to review, say), naming where.
 */
export async function caseIn(
  services: Services,
  state: StateByTime,
  line: DemoLine,
  filing: Filing = {},
): Promise<CaseRow> {
  const { context } = services.system;
  let row = await fileCase(services, line, filing);
  if (row.state === 'cooling_off' && state !== 'cooling_off') {
    const end = await timerDueAt(context.db, row.id, 'cooling_off_end');
    await services.advance(Math.max(0, new Date(end.due_at).getTime() - context.clock.now().getTime()));
    row = (await findCase(context.db, row.id))!;
  }
  if (row.state === 'scheduled' && state === 'completed') {
    await passLineEnd(services, row.id);
    row = (await findCase(context.db, row.id))!;
  }
  if (row.state !== state) throw new Error(`the case of ${line.msisdn} is ${row.state}, not ${state}`);
  return row;
}
