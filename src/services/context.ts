import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db, Tx } from '../db/database.js';
import type { JobQueue } from '../jobs/queue.js';
import type { Ports } from '../ports/ports.js';
import type { StaffRole } from '../domain/actors.js';

/** What every use case needs: the database, the outside systems, the clock and the job queue. */
export interface ServiceContext {
  db: Db;
  ports: Ports;
  clock: Clock;
  queue: JobQueue;
  config: Config;
  logger: Logger;
}

/** Who asked for a change; recorded on every event and audit entry. */
export type Actor =
  | { kind: 'subscriber'; id: string; scope: string[] | null }
  | { kind: 'staff'; id: string; role: StaffRole }
  | { kind: 'system'; id: string };

export const systemActor = (task: string): Actor => ({ kind: 'system', id: task });

/** Runs `work` in one transaction: every state change and the work it asks for commit together. */
export function inTransaction<T>(context: ServiceContext, work: (tx: Tx) => Promise<T>): Promise<T> {
  return context.db.transaction().execute(work);
}
