import pg from 'pg';

/** Which engines a benchmark runs on (BENCH_ENGINES, default both) and the server it uses. */
export const benchEngines = (process.env.BENCH_ENGINES ?? 'server,pglite').split(',').map((e) => e.trim());
export const benchServerUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Runs `run` against a database of its own on the server (`simexit_bench_<pid>`), dropped afterwards. */
export async function withServerDatabase<T>(run: (url: string) => Promise<T>, serverUrl = benchServerUrl): Promise<T> {
  const name = `simexit_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  try {
    const target = new URL(serverUrl);
    target.pathname = `/${name}`;
    return await run(target.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

/** The value at quantile `q` (0–1) of ascending `sorted`. */
export function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

/** Polls `done` every 50 ms until it is true, or fails after `timeoutMs`. */
export async function waitUntil(done: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
