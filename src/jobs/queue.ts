import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { executorFor, isDatabaseUnavailable, type SqlExecutor, type Tx } from '../db/database.js';
import { jobRowFor } from '../db/repositories/jobs.repository.js';
import { asError } from '../domain/errors.js';
import { queueNames, type QueueName, type QueueRetryPolicy } from './retry-policy.js';

export { queueNames, type QueueName } from './retry-policy.js';

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
/**
 * Works a fetched batch together (one read and one write for all of it); answers, per job, null
 * when it is done or the error that makes that job retry.
 */
export type BatchJobHandler = (jobs: JobInfo[]) => Promise<(Error | null)[]>;
export type JobHandlers = Record<QueueName, JobHandler | { batch: BatchJobHandler }>;

/** Runs one job through either kind of handler. */
function asBatch(handler: JobHandler | { batch: BatchJobHandler }): BatchJobHandler {
  if (typeof handler !== 'function') return handler.batch;
  return (jobs) =>
    Promise.all(
      jobs.map((job) =>
        handler(job).then(
          () => null,
          (error: unknown) => asError(error),
        ),
      ),
    );
}

/** How one queue is worked in a process: jobs at once, jobs per fetch, and the poll when it is empty. */
export interface LaneOptions {
  concurrency: number;
  batchSize: number;
  idlePollMs: number;
  /** The queue's JOB_EXPIRE_SECONDS: a job still running after it is handed to another worker. */
  expireInSeconds: number;
}

/**
 * Jobs at once per queue unless JOB_CONCURRENCY says otherwise. Messages and webhooks mostly wait
 * on the network, so they run wider than case work, which mostly waits on the database.
 */
const defaultConcurrency: Record<QueueName, number> = {
  'case.assess': 40,
  'execution.run': 8,
  'outbox.urgent': 20,
  'outbox.deliver': 60,
  'webhooks.deliver': 8,
  // One worker per run at a time anyway (singleton key); a few runs side by side.
  'bulk.advance': 2,
  'bulk.deliver': 4,
};

/** The lanes a worker process runs, from the configuration. */
export function laneOptions(config: Config): Record<QueueName, LaneOptions> {
  return Object.fromEntries(
    queueNames.map((name) => [
      name,
      {
        concurrency: config.JOB_CONCURRENCY[name] ?? defaultConcurrency[name],
        batchSize: config.JOB_BATCH_SIZE,
        // A holder is waiting for these: look for them more often.
        idlePollMs: name === 'outbox.urgent' ? Math.ceil(config.JOB_IDLE_POLL_MS / 4) : config.JOB_IDLE_POLL_MS,
        expireInSeconds: config.JOB_EXPIRE_SECONDS,
      },
    ]),
  ) as Record<QueueName, LaneOptions>;
}

export interface QueueOptions {
  executor: SqlExecutor;
  retry: Record<QueueName, QueueRetryPolicy>;
  maintenanceIntervalSeconds: number;
  logger: Logger;
}

/**
 * pg-boss over simexit's own connection pool. Jobs are sent with the caller's transaction, so a
 * job exists exactly when the state change that asked for it committed. The `stately` policy with
 * a singleton key keeps at most one waiting and one running job per case or message.
 *
 * Workers are simexit's own loop over pg-boss's fetch/complete/fail rather than `boss.work()`,
 * which sleeps its polling interval after every batch even when more work is waiting (4 jobs/s
 * per queue measured). Here a queue with work is fetched again as soon as a slot frees, and only an
 * empty queue waits `idlePollMs`.
 */
export class JobQueue {
  private readonly boss: PgBoss;
  private started = false;
  private lanes: Lane[] = [];

  constructor(private readonly options: QueueOptions) {
    this.boss = new PgBoss({
      db: options.executor,
      schema: 'pgboss',
      supervise: true,
      schedule: false,
      migrate: true,
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds,
    });
    this.boss.on('error', (error) => options.logger.error({ err: error }, 'job queue error'));
  }

  /** Creates pg-boss's schema and simexit's queues (idempotent); every role calls it at start. */
  async start(): Promise<void> {
    if (this.started) return;
    await this.boss.start();
    for (const name of queueNames) {
      const policy = this.options.retry[name];
      const queueOptions = {
        name,
        policy: 'stately' as const,
        retryLimit: policy.retryLimit,
        retryDelay: policy.retryDelaySeconds,
        retryBackoff: true,
        expireInSeconds: policy.expireInSeconds,
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
      db: executorFor(tx),
      singletonKey: jobRowFor(name, payload).singletonKey,
      ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
    });
  }

  /** Enqueues several jobs inside `tx` in one statement, with the same keys and guarantees as `enqueue`. */
  async enqueueMany(tx: Tx, jobs: { name: QueueName; payload: JobPayload }[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.boss.insert(
      jobs.map(({ name, payload }) => jobRowFor(name, payload)),
      { db: executorFor(tx) },
    );
  }

  /** Starts one lane per queue given (every queue, from `laneOptions`), each running up to its `concurrency` jobs. */
  work(handlers: JobHandlers, lanes: Partial<Record<QueueName, LaneOptions>>): { stop(): Promise<void> } {
    const started: Lane[] = [];
    for (const name of queueNames) {
      const options = lanes[name];
      if (!options) continue;
      const lane = new Lane(this.boss, name, handlers[name], options, this.options.logger);
      started.push(lane);
      lane.start();
    }
    this.lanes.push(...started);
    return {
      stop: async () => {
        this.lanes = this.lanes.filter((lane) => !started.includes(lane));
        await Promise.all(started.map((lane) => lane.stop()));
      },
    };
  }

  /**
   * Runs every job that is ready, in this process, until no queue has any (tests, `case` CLI).
   * Failures are reported to pg-boss exactly as a worker would.
   */
  async drain(handlers: JobHandlers): Promise<number> {
    let ran = 0;
    for (let progress = true; progress;) {
      progress = false;
      for (const name of queueNames) {
        const jobs = await this.boss.fetch<JobPayload>(name, { batchSize: 10, includeMetadata: true });
        if (jobs.length === 0) continue;
        progress = true;
        ran += jobs.length;
        // One at a time, in the order fetched, so tests see a deterministic sequence.
        for (const job of jobs) {
          const [error] = await asBatch(handlers[name])([toJobInfo(job)]);
          if (error) await this.boss.fail(name, job.id, failure(error));
          else await this.boss.complete(name, job.id);
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

  /**
   * Stops fetching at once, then waits up to `timeoutMs` for the jobs in hand. A job still running
   * after that is left to expire and be retried elsewhere (every job is idempotent).
   */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (!this.started) return;
    const lanes = this.lanes;
    this.lanes = [];
    await Promise.race([
      Promise.all(lanes.map((lane) => lane.stop())),
      new Promise((resolve) => setTimeout(resolve, timeoutMs).unref()),
    ]);
    await this.boss.stop({ graceful: false, wait: true, close: false });
    this.started = false;
  }
}

/** How long finished jobs wait to be completed together in one statement. */
const COMPLETE_FLUSH_MS = 5;

/**
 * One queue worked in one process. The loop keeps up to `concurrency` jobs running: it fetches
 * as many as there are free slots (at most `batchSize`), waits only for a slot to free while the
 * queue has work, and completes finished jobs in batches. A completion lost to a crash only means
 * the job runs again after it expires, which every job is built to survive.
 */
class Lane {
  private running = 0;
  private stopping = false;
  private loop: Promise<void> = Promise.resolve();
  private wake: (() => void) | null = null;
  private completed: string[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private readonly inHand = new Set<Promise<void>>();

  constructor(
    private readonly boss: PgBoss,
    private readonly name: QueueName,
    private readonly handler: JobHandler | { batch: BatchJobHandler },
    private readonly options: LaneOptions,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.loop = this.fetchUntilStopped();
  }

  private async fetchUntilStopped(): Promise<void> {
    while (!this.stopping) {
      const free = this.options.concurrency - this.running;
      if (free <= 0) {
        await this.sleep(null);
        continue;
      }
      let jobs: PgBoss.JobWithMetadata<JobPayload>[];
      try {
        jobs = await this.boss.fetch<JobPayload>(this.name, {
          batchSize: Math.min(free, this.options.batchSize),
          includeMetadata: true,
        });
      } catch (error) {
        // The database is away (restart, failover): wait a poll and try again; nothing is lost,
        // jobs stay in the table.
        this.logger.warn({ err: error, queue: this.name }, 'could not fetch jobs; retrying');
        await this.sleep(this.options.idlePollMs);
        continue;
      }
      if (jobs.length === 0) {
        await this.sleep(this.options.idlePollMs);
        continue;
      }
      if (typeof this.handler === 'function') for (const job of jobs) this.run([job], asBatch(this.handler));
      else this.run(jobs, this.handler.batch);
    }
  }

  /** Runs `jobs` (one, or a batch for a batch handler) in the background, holding a slot each. */
  private run(jobs: PgBoss.JobWithMetadata<JobPayload>[], handler: BatchJobHandler): void {
    this.running += jobs.length;
    const done = this.untilDatabaseAnswers(jobs, handler)
      .then(async (errors) => {
        for (const [i, job] of jobs.entries()) {
          const error = errors[i];
          if (!error) {
            this.complete(job.id);
            continue;
          }
          await this.boss
            .fail(this.name, job.id, failure(error))
            .catch((err: unknown) =>
              this.logger.warn({ err, queue: this.name, job: job.id }, 'could not record a failed job'),
            );
        }
      })
      .finally(() => {
        this.running -= jobs.length;
        this.inHand.delete(done);
        this.wakeUp();
      });
    this.inHand.add(done);
  }

  /**
   * Runs the handler; when it failed only because the database was away (restart, failover), runs
   * it again in place once the database answers, instead of spending one of the job's attempts on
   * an outage: a long outage would otherwise hand every case in hand to a person. Jobs are
   * idempotent, so the repeat is safe. Gives up (leaving the job to expire and run again) when the
   * lane stops or the job nears its expiry.
   */
  private async untilDatabaseAnswers(
    jobs: PgBoss.JobWithMetadata<JobPayload>[],
    handler: BatchJobHandler,
  ): Promise<(Error | null)[]> {
    const infos = jobs.map(toJobInfo);
    const giveUpAt = Date.now() + this.options.expireInSeconds * 800;
    for (let wait = this.options.idlePollMs; ; wait = Math.min(wait * 2, 5000)) {
      const errors = await handler(infos).catch((error: unknown) => jobs.map(() => asError(error)));
      const outage = errors.some((error) => error !== null && isDatabaseUnavailable(error));
      if (!outage || this.stopping || Date.now() + wait > giveUpAt) return errors;
      this.logger.warn(
        { queue: this.name, jobs: jobs.length },
        'database unavailable; the jobs run again when it answers',
      );
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  private complete(id: string): void {
    this.completed.push(id);
    if (this.completed.length >= this.options.batchSize) this.flush();
    else this.flushTimer ??= setTimeout(() => this.flush(), COMPLETE_FLUSH_MS);
  }

  private flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const ids = this.completed;
    this.completed = [];
    if (ids.length === 0) return;
    this.flushing = this.flushing.then(() =>
      this.boss.complete(this.name, ids).then(
        () => undefined,
        (error: unknown) =>
          // The jobs did their work; they will expire and run again, finding it done.
          this.logger.warn({ err: error, queue: this.name, jobs: ids.length }, 'could not complete jobs'),
      ),
    );
  }

  /** Waits for `ms`, or (null) until a running job ends; stop() and finished jobs wake it early. */
  private sleep(ms: number | null): Promise<void> {
    return new Promise((resolve) => {
      const timer = ms === null ? null : setTimeout(() => this.wakeUp(), ms);
      this.wake = () => {
        if (timer) clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }

  private wakeUp(): void {
    this.wake?.();
  }

  /** Stops fetching, waits for the jobs in hand, and completes them. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeUp();
    await this.loop;
    await Promise.all(this.inHand);
    this.flush();
    await this.flushing;
  }
}

function failure(error: unknown): { message: string } {
  return { message: error instanceof Error ? error.message : String(error) };
}

function toJobInfo(job: PgBoss.JobWithMetadata<JobPayload> | PgBoss.Job<JobPayload>): JobInfo {
  return {
    id: job.id,
    data: job.data,
    retryCount: 'retryCount' in job ? job.retryCount : 0,
    retryLimit: 'retryLimit' in job ? job.retryLimit : 0,
  };
}
