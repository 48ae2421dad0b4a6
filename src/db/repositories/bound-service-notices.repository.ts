import { sql, type Selectable } from 'kysely';
import type { BoundService, BoundServiceChannel } from '../../domain/line.js';
import type { Db, Tx } from '../database.js';
import type { BoundServiceNoticesTable } from '../schema.js';

export type BoundServiceNoticeRow = Selectable<BoundServiceNoticesTable>;

/** The services of a case as they were told, in the order they were first tried. */
export async function noticesOfCase(db: Db | Tx, caseId: string): Promise<BoundServiceNoticeRow[]> {
  return db
    .selectFrom('bound_service_notices')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('first_attempt_at')
    .orderBy('service_id')
    .execute();
}

interface NoticeOf {
  caseId: string;
  subscriberId: string;
  service: BoundService;
  at: Date;
}

const firstAttempt = (input: NoticeOf) => ({
  case_id: input.caseId,
  subscriber_id: input.subscriberId,
  service_id: input.service.id,
  service_kind: input.service.kind,
  service_name: input.service.name,
  attempts: 1,
  first_attempt_at: input.at,
  last_attempt_at: input.at,
});

/**
 * Records that a service answered: one more attempt, told, with its answer. A service already told
 * stays as it was first told (a repeated call answers the first acknowledgement anyway).
 */
export async function recordServiceTold(
  db: Db | Tx,
  input: NoticeOf & {
    answer: { channel: BoundServiceChannel; recipient: string; acknowledgement: string; answeredAt: Date };
  },
): Promise<void> {
  const told = {
    status: 'told' as const,
    channel: input.answer.channel,
    recipient: input.answer.recipient,
    told_at: input.answer.answeredAt,
    acknowledgement: input.answer.acknowledgement,
    last_error: null,
  };
  await db
    .insertInto('bound_service_notices')
    .values({ ...firstAttempt(input), ...told })
    .onConflict((conflict) =>
      conflict
        .columns(['case_id', 'service_id'])
        .doUpdateSet({ ...told, attempts: sql`bound_service_notices.attempts + 1`, last_attempt_at: input.at })
        .where('bound_service_notices.status', '<>', 'told'),
    )
    .execute();
}

/** Records a failed attempt: `retrying` while the job tries again, `failed` after its last attempt. */
export async function recordServiceFailed(
  db: Db | Tx,
  input: NoticeOf & { error: string; final: boolean },
): Promise<void> {
  const failed = { status: input.final ? ('failed' as const) : ('retrying' as const), last_error: input.error };
  await db
    .insertInto('bound_service_notices')
    .values({ ...firstAttempt(input), ...failed })
    .onConflict((conflict) =>
      conflict
        .columns(['case_id', 'service_id'])
        .doUpdateSet({ ...failed, attempts: sql`bound_service_notices.attempts + 1`, last_attempt_at: input.at })
        .where('bound_service_notices.status', '<>', 'told'),
    )
    .execute();
}
