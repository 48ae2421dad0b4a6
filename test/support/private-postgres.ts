import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A PostgreSQL cluster of the test's own, on a free loopback port, that the test may restart, crash
 * or cut off at will. Fault tests must never touch the machine's cluster (other test files and
 * other engineers use it), so they bring their own regardless of the engine under test.
 */
export interface PrivatePostgres {
  url: string;
  port: number;
  /** `pg_ctl restart -m fast`: clients are told the server is shutting down (57P01), then refused. */
  restart(): Promise<void>;
  /** `pg_ctl stop -m immediate`: the postmaster's children die without a clean shutdown. */
  crash(): Promise<void>;
  /** `pg_ctl stop -m fast`, leaving it down until `start`. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Terminates every other backend of the test database (pg_terminate_backend); returns how many. */
  terminateBackends(): Promise<number>;
  /** Stops the cluster and removes its files. */
  destroy(): Promise<void>;
}

const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** Whether this machine can run a private cluster (tests skip cleanly when it cannot). */
export function privatePostgresAvailable(): boolean {
  return existsSync(join(BIN, 'initdb')) && existsSync(join(BIN, 'pg_ctl'));
}

/** A TCP port nothing listens on right now (the kernel's pick for port 0 on loopback). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function uidOf(user: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', user]).toString().trim());
  const gid = Number(execFileSync('id', ['-g', user]).toString().trim());
  return { uid, gid };
}

/** Runs a PostgreSQL binary as the cluster's owner: postgres refuses to run as root. */
function asOwner(binary: string, args: string[]): void {
  const command = [join(BIN, binary), ...args];
  const asRoot = process.getuid?.() === 0;
  execFileSync(asRoot ? 'runuser' : command[0]!, asRoot ? ['-u', 'postgres', '--', ...command] : command.slice(1), {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 60_000,
  });
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const root = mkdtempSync(join(tmpdir(), 'simexit-pg-'));
  if (process.getuid?.() === 0) {
    const { uid, gid } = uidOf('postgres');
    chownSync(root, uid, gid);
  }
  const dataDir = join(root, 'data');
  const logFile = join(root, 'server.log');
  asOwner('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const port = await freePort();
  // Loopback only, no Unix socket in a shared directory. fsync is off for speed: that loses data
  // only when the machine itself fails, and these tests crash the server, not the machine.
  // synchronous_commit stays on: an immediate stop would lose commits already acknowledged.
  writeFileSync(
    join(dataDir, 'postgresql.auto.conf'),
    [
      `port = ${port}`,
      `listen_addresses = '127.0.0.1'`,
      `unix_socket_directories = '${root}'`,
      'fsync = off',
      'full_page_writes = off',
      'max_connections = 100',
      '',
    ].join('\n'),
  );
  if (process.getuid?.() === 0) {
    const { uid, gid } = uidOf('postgres');
    chownSync(join(dataDir, 'postgresql.auto.conf'), uid, gid);
  }
  const start = async () => {
    asOwner('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '30', 'start']);
  };
  const stopWith = async (mode: 'fast' | 'immediate') => {
    asOwner('pg_ctl', ['-D', dataDir, '-w', '-t', '30', '-m', mode, 'stop']);
  };
  await start();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let destroyed = false;
  return {
    url,
    port,
    start,
    stop: () => stopWith('fast'),
    async restart() {
      asOwner('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '30', '-m', 'fast', 'restart']);
    },
    async crash() {
      await stopWith('immediate');
    },
    async terminateBackends() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const result = await client.query<{ n: number }>(
          `select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
            where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`,
        );
        return result.rows[0]?.n ?? 0;
      } finally {
        await client.end();
      }
    },
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      try {
        await stopWith('immediate');
      } catch {
        // Already stopped (a test left it down): the files still go.
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}
