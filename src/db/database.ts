import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { CompiledQuery, Kysely, Migrator, PostgresDialect, sql, type PostgresPool, type Transaction } from 'kysely';
import pg from 'pg';
import { migrations } from './migrations/index.js';
import type { DB } from './schema.js';

// DATE columns are calendar dates, not instants: keep them as 'YYYY-MM-DD' strings instead of
// letting pg turn them into a Date at local midnight (which shifts with the process's time zone).
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

/** A Kysely handle for simexit's tables: the whole database or one transaction. */
export type Db = Kysely<DB>;
export type Tx = Transaction<DB>;

/** The shape pg-boss accepts as `db`: run one statement on a given connection. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface Database {
  db: Db;
  engine: 'pglite' | 'postgres';
  /** Runs raw SQL on the pool (used by pg-boss for its own work outside our transactions). */
  executor: SqlExecutor;
  /** PGlite only: a copy of the whole data directory, to open another database from (`initialData`). */
  dump?(): Promise<Blob>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A PostgreSQL connection string; unset means the embedded PGlite database. */
  databaseUrl?: string | undefined;
  /** Where the embedded database lives; `memory://` keeps it in memory (tests). */
  dataDir: string;
  /** Connections to a PostgreSQL server (PGlite always has exactly one). */
  poolSize?: number;
  /** Milliseconds to wait for a connection (a new one, or a free one from the pool) before failing. */
  connectTimeoutMs?: number;
  /** Told about connections the server dropped; the pool replaces them by itself. */
  onConnectionLost?: (error: Error) => void;
  /**
   * An in-memory PGlite starts from this copy of a data directory (`Database.dump`) instead of an
   * empty cluster: the tests migrate one database and clone it, which skips PGlite's initdb.
   */
  initialData?: Blob;
}

/** Lets pg-boss enqueue inside a Kysely transaction, so a job commits with its state change. */
export function executorFor(db: Db | Tx): SqlExecutor {
  return {
    executeSql: async (text, values) => db.executeQuery(CompiledQuery.raw(text, values ?? [])),
  };
}

/**
 * A statement whose text ends with this comment is sent as a named prepared statement: the server
 * parses and plans it once per connection instead of on every call. The case-changes statement is
 * about 3 KB of CTEs whose parse and plan cost the server more than running it (cases.repository.ts);
 * for a one-row read by key, parse and plan are most of its time on the server too. Mark a raw
 * statement by ending it with `${prepared}`, a query builder's with `.modifyEnd(prepared)`.
 *
 * A prepared statement must name its output columns (no `*`): once a newer release's migration adds a
 * column while this release still runs, a prepared `*` fails with "cached plan must not change result
 * type" on every connection that prepared it.
 */
export const PREPARED = ' /* prepared */';
export const prepared = sql.raw(PREPARED);
/** Distinct prepared texts kept per connection (and names handed out in all); beyond that they run unnamed. */
const PREPARED_LIMIT = 100;

/**
 * Hands Kysely the pool's connections with statements marked PREPARED named after their text. The
 * names are one numbering for the process; each connection prepares a text the first time it runs it
 * (pg keeps which it has), and a connection the server dropped is replaced with none prepared.
 */
function preparingPool(pool: pg.Pool): PostgresPool {
  const names = new Map<string, string>();
  const preparedOn = new WeakMap<pg.PoolClient, Set<string>>();
  const nameFor = (client: pg.PoolClient, text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < PREPARED_LIMIT) names.set(text, (name = `simexit_${names.size + 1}`));
    if (name === undefined) return undefined;
    let onClient = preparedOn.get(client);
    if (!onClient) preparedOn.set(client, (onClient = new Set()));
    if (!onClient.has(name)) {
      if (onClient.size >= PREPARED_LIMIT) return undefined;
      onClient.add(name);
    }
    return name;
  };
  return {
    async connect() {
      const client = await pool.connect();
      return {
        query: ((text: unknown, values?: readonly unknown[]) => {
          if (typeof text !== 'string' || !text.endsWith(PREPARED)) {
            return client.query(text as string, values as unknown[]);
          }
          return client.query({ name: nameFor(client, text), text, values: values as unknown[] });
        }) as never,
        release: () => client.release(),
      };
    },
    end: () => pool.end(),
  };
}

/**
 * Opens the database: PGlite in-process by default, a PostgreSQL server when a URL is given.
 * Both are driven through the same pg.Pool + Kysely, so every query and migration runs on both.
 */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      // While the server is unreachable a request fails within this bound (and is answered 503)
      // instead of hanging on a connect that a dropped network may never refuse.
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      // TCP keep-alive finds a connection to a server that vanished without a word (a failed-over
      // primary), which would otherwise look idle and healthy until a query hung on it.
      keepAlive: true,
    });
    const lost = options.onConnectionLost ?? (() => {});
    // A restart, a crash or pg_terminate_backend makes the client emit 'error'. The pool listens
    // only while a client is idle; a client checked out between two statements has no listener of
    // the pool's, and an 'error' without a listener kills the process. This listener stays for the
    // client's life; the broken client is not queryable, so the pool discards it on release and the
    // statement in flight fails with the error (answered 503, or the job retried).
    pool.on('connect', (client) => client.on('error', lost));
    pool.on('error', lost);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
    return { db, engine: 'postgres', executor: executorFor(db), close: () => db.destroy() };
  }

  const inMemory = options.dataDir.startsWith('memory://');
  const releaseLock = inMemory ? () => {} : lockDataDir(resolve(options.dataDir));
  try {
    const pglite = inMemory
      ? await PGlite.create(options.initialData ? { loadDataDir: options.initialData } : {})
      : await PGlite.create(join(resolve(options.dataDir), 'pglite'));
    const pool = new pg.Pool(createPgConfig(pglite) as pg.PoolConfig);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
    return {
      db,
      engine: 'pglite',
      executor: executorFor(db),
      dump: () => pglite.dumpDataDir('none'),
      close: async () => {
        await db.destroy();
        await pglite.close();
        releaseLock();
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

/** Raised when a second process tries to open an embedded database that is in use. */
export class DataDirLockedError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `The embedded database in ${dataDir} is in use by process ${pid}. PGlite allows one process at a time: ` +
        `stop that process, point DATA_DIR elsewhere, or set DATABASE_URL to use a PostgreSQL server.`,
    );
    this.name = 'DataDirLockedError';
  }
}

/**
 * PGlite has one connection and no guard against a second process opening the same files, which
 * would corrupt them. The lock file holds the owner's pid; a lock whose process is gone (killed)
 * is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = join(dataDir, 'simexit.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(lockPath, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new DataDirLockedError(dataDir, pid);
      }
      if (existsSync(lockPath)) rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${lockPath}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Brings the schema up to date. Forward-only; safe to run from several processes at once. */
export async function migrate(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** A PostgreSQL unique-constraint violation (SQLSTATE 23505): someone else wrote the same key first. */
export function isUniqueViolation(error: unknown): error is { code: string; constraint?: string } {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';
}

/**
 * SQLSTATEs that mean "the server cannot serve us right now", not "this request is wrong": class 08
 * (connection exception), 57P01–57P03 (terminated by an administrator, crash shutdown, cannot
 * connect now: starting up or shutting down), 53300 (too many connections) and 25006 (a read-only
 * transaction: still connected to a primary that was demoted during a failover).
 */
const unavailableSqlStates = new Set(['57P01', '57P02', '57P03', '53300', '25006']);
const unavailableErrnos = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
// node-postgres and pg-pool raise these without a code when the socket ends or no connection comes.
const unavailableMessages =
  /Connection terminated|timeout exceeded when trying to connect|is not queryable|Client was closed|Connection ended/i;

/**
 * Whether `error` says the database is unreachable or went away (restart, crash, failover, a
 * terminated backend, an exhausted pool) rather than that a statement is wrong. Such a failure is
 * worth retrying a moment later; the API answers it 503 with Retry-After.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const stack: unknown[] = [error];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current !== 'object' || current === null || seen.has(current)) continue;
    seen.add(current);
    const { code, message, cause, errors } = current as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
      errors?: unknown;
    };
    if (typeof code === 'string') {
      if (code.startsWith('08') && code.length === 5) return true;
      if (unavailableSqlStates.has(code) || unavailableErrnos.has(code)) return true;
    }
    if (typeof message === 'string' && unavailableMessages.test(message)) return true;
    // A connect to a name with several addresses fails as an AggregateError of one error per address.
    if (Array.isArray(errors)) stack.push(...(errors as unknown[]));
    if (cause !== undefined) stack.push(cause);
  }
  return false;
}

/** Runs the cheapest statement there is: resolves when the database answers, rejects when it does not. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
