import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { openSystem } from '../../src/system.js';

/**
 * Migrating and seeding a database is most of what starting a harness costs (PGlite's initdb alone
 * takes seconds, and the demo seed hashes seven passwords with argon2). So a test run builds each kind
 * of database once and every harness starts from a copy:
 * - a *bare* database: migrated, with the job queue's schema, nothing seeded;
 * - a *seeded* one per clock start: the bare one with the demo personas, staff and clients seeded at
 *   that instant (the seed dates lines and contacts from the clock).
 *
 * On PGlite the copy is a dump of the data directory, kept for the process and, when
 * scripts/run-tests.mjs runs the suite, in its folder SIMEXIT_TEST_TEMPLATES for the other test
 * processes of the run. On the server it is a database `simexit_tpl_<run>_<kind>` cloned with
 * CREATE DATABASE … TEMPLATE; run-tests drops them at the end. A test file run on its own (without
 * SIMEXIT_TEST_RUN) on the server creates and migrates its databases as before.
 */
export type TemplateKind = { seeded: false } | { seeded: true; start: string };

const kindName = (kind: TemplateKind): string =>
  kind.seeded ? `seeded_${createHash('sha256').update(kind.start).digest('hex').slice(0, 12)}` : 'bare';

const silent = pino({ level: 'silent' });

/** Builds a database of `kind` where `where` says (a server URL, or in memory from `initialData`). */
async function build(
  kind: TemplateKind,
  where: { databaseUrl?: string; initialData?: Blob },
): Promise<Blob | undefined> {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DATA_DIR: 'memory://',
    PUBLIC_URL: 'http://simexit.test',
    DATABASE_URL: where.databaseUrl,
    DATABASE_POOL_SIZE: '2',
  });
  const system = await openSystem(config, {
    clock: new ManualClock(kind.seeded ? kind.start : '2026-01-01T00:00:00Z'),
    logger: silent,
    seedDemo: kind.seeded,
    initialData: where.initialData,
  });
  try {
    return await system.database.dump?.();
  } finally {
    await system.close();
  }
}

const pgliteDumps = new Map<string, Promise<Blob>>();

/** A dump of an in-memory PGlite database of `kind`, to open a harness's database from. */
export function pgliteTemplate(kind: TemplateKind): Promise<Blob> {
  const name = kindName(kind);
  let dump = pgliteDumps.get(name);
  if (!dump) {
    dump = pgliteDumpFromRun(name, async () => {
      const initialData = kind.seeded ? await pgliteTemplate({ seeded: false }) : undefined;
      return (await build(kind, { initialData }))!;
    });
    pgliteDumps.set(name, dump);
  }
  return dump;
}

/** The run's shared copy when there is one; otherwise (or when missing) builds it and shares it. */
async function pgliteDumpFromRun(name: string, make: () => Promise<Blob>): Promise<Blob> {
  const folder = process.env.SIMEXIT_TEST_TEMPLATES;
  const file = folder ? join(folder, `${name}.tar`) : null;
  if (file && existsSync(file)) return new Blob([readFileSync(file)]);
  const dump = await make();
  if (file) {
    // Two processes may build the same kind at once; each writes its own file and renames it into place.
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file);
  }
  return dump;
}

/**
 * The name of a server database of `kind` to clone, built on first use under an advisory lock (the
 * test processes of a run share it), or null outside a run of scripts/run-tests.mjs.
 */
export async function serverTemplate(serverUrl: string, kind: TemplateKind): Promise<string | null> {
  const run = process.env.SIMEXIT_TEST_RUN;
  if (!run || !/^[a-z0-9]+$/.test(run)) return null;
  const name = `simexit_tpl_${run}_${kindName(kind)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`select pg_advisory_lock(hashtext($1))`, [name]);
    const known = await admin.query(`select 1 from pg_database where datname = $1`, [name]);
    if (known.rowCount === 0) {
      const from = kind.seeded ? await serverTemplate(serverUrl, { seeded: false }) : null;
      await admin.query(`create database ${name}${from ? ` template ${from}` : ''}`);
      try {
        await build(kind, { databaseUrl: urlOf(serverUrl, name) });
      } catch (error) {
        await admin.query(`drop database if exists ${name} with (force)`);
        throw error;
      }
    }
    return name;
  } finally {
    await admin.end();
  }
}

/** `serverUrl` pointing at database `name` instead. */
export function urlOf(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
