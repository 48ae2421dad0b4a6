import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { executorFor, type SqlExecutor, type Tx } from '../db/database.js';

/** The queues simexit runs; each task is idempotent and keyed by the case or message it works on. */
export const queueNames = [
  'case.assess',
  'execution.run',
  'outbox.deliver',
  'webhooks.deliver',
  'bulk.advance',
  'bulk.deliver',
] as const;
export type QueueName = (typeof queueNames)[number];

export interface JobPayload {
  id: string;
}

export interface JobInfo {
  id: string;
  data: JobPayload;
  /** Attempts already failed; equal to retryLimit on the last attempt. */
  retryCount: number;
  retryLimit: number;
}

export type JobHandler = (job: JobInfo) => Promise<void>;
export type JobHandlers = Record<QueueName, JobHandler>;

export interface QueueOptions {
  executor: SqlExecutor;
  retryLimit: number;
  expireInSeconds: number;
  maintenanceIntervalSeconds: number;
  /** Relying parties may be down for days: their deliveries retry longer than our own work. */
  webhookRetry: { limit: number; delaySeconds: number };
  logger: Logger;
}

/**
 * pg-boss over simexit's own connection pool. Jobs are sent with the caller's transaction, so a
 * job exists exactly when the state change that asked for it committed. The `stately` policy with
 * a singleton key keeps at most one waiting and one running job per case or message.
 */
export class JobQueue {
  private readonly boss: PgBoss;
  private started = false;

  constructor(private readonly options: QueueOptions) {
    this.boss = new PgBoss({
      db: options.executor as unknown as PgBoss.Db,
      schema: 'pgboss',
      supervise: true,
      schedule: false,
      migrate: true,
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds,
    } as PgBoss.ConstructorOptions);
    this.boss.on('error', (error) => options.logger.error({ err: error }, 'job queue error'));
  }

  /** Creates pg-boss's schema and simexit's queues (idempotent); every role calls it at start. */
  async start(): Promise<void> {
    if (this.started) return;
    await this.boss.start();
    for (const name of queueNames) {
      const webhooks = name === 'webhooks.deliver';
      const queueOptions = {
        name,
        policy: 'stately' as const,
        retryLimit: webhooks ? this.options.webhookRetry.limit : this.options.retryLimit,
        retryDelay: webhooks ? this.options.webhookRetry.delaySeconds : 2,
        retryBackoff: true,
        expireInSeconds: this.options.expireInSeconds,
      };
      if (await this.boss.getQueue(name)) await this.boss.updateQueue(name, queueOptions);
      else await this.boss.createQueue(name, queueOptions);
    }
    this.started = true;
  }

  /** Enqueues inside `tx`: the job commits or rolls back with the state change. */
  async enqueue(
    tx: Tx,
    name: QueueName,
    payload: JobPayload,
    options: { startAfterSeconds?: number } = {},
  ): Promise<void> {
    await this.boss.send(name, payload, {
      db: executorFor(tx) as unknown as PgBoss.Db,
      singletonKey: `${name}:${payload.id}`,
      ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
    } as PgBoss.SendOptions);
  }

  /** Starts polling every queue with `concurrency` workers each. */
  async work(handlers: JobHandlers, concurrency = 2): Promise<void> {
    for (const name of queueNames) {
      for (let i = 0; i < concurrency; i++) {
        await this.boss.work<JobPayload>(
          name,
          { pollingIntervalSeconds: 0.5, batchSize: 1, includeMetadata: true },
          async (jobs) => {
            for (const job of jobs) await handlers[name](toJobInfo(job));
          },
        );
      }
    }
  }

  /**
   * Runs every job that is ready, in this process, until no queue has any (tests, `case` CLI).
   * Failures are reported to pg-boss exactly as a polling worker would.
   */
  async drain(handlers: JobHandlers): Promise<number> {
    let ran = 0;
    for (let progress = true; progress;) {
      progress = false;
      for (const name of queueNames) {
        const jobs = await this.boss.fetch<JobPayload>(name, { batchSize: 10, includeMetadata: true });
        for (const job of jobs) {
          progress = true;
          ran++;
          try {
            await handlers[name](toJobInfo(job));
            await this.boss.complete(name, job.id);
          } catch (error) {
            await this.boss.fail(name, job.id, { message: error instanceof Error ? error.message : String(error) });
          }
        }
      }
    }
    return ran;
  }

  /** Counts of jobs per state, for /metrics and tests. */
  async counts(): Promise<Record<QueueName, number>> {
    const entries = await Promise.all(
      queueNames.map(async (name) => [name, await this.boss.getQueueSize(name)] as const),
    );
    return Object.fromEntries(entries) as Record<QueueName, number>;
  }

  /** Stops taking jobs, waits for running ones up to `timeoutMs`, then returns. */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (!this.started) return;
    await this.boss.stop({ graceful: true, wait: true, timeout: timeoutMs, close: false } as PgBoss.StopOptions);
    this.started = false;
  }
}

function toJobInfo(job: PgBoss.JobWithMetadata<JobPayload> | PgBoss.Job<JobPayload>): JobInfo {
  const meta = job as Partial<PgBoss.JobWithMetadata<JobPayload>>;
  return { id: job.id, data: job.data, retryCount: meta.retryCount ?? 0, retryLimit: meta.retryLimit ?? 0 };
}
