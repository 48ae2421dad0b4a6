/**
 * Time per SQL statement, measured at the client (BENCH_PROFILE=1 in bench:bulk): the server here has
 * no pg_stat_statements, and a bulk batch is a handful of large statements, so the client's wall time
 * per statement (round trip, parameters and all) is what a batch costs.
 */
import pg from 'pg';

interface Entry {
  calls: number;
  ms: number;
  rows: number;
}

const stats = new Map<string, Entry>();

/** A statement's name in the table: its text with whitespace collapsed and parameters dropped. */
const shape = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 110);

/** Wraps every pg client's query() of this process so each statement is timed. */
export function profileStatements(): void {
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = prototype.query;
  prototype.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string } | undefined;
    const text = typeof first === 'string' ? first : (first?.text ?? '?');
    const started = process.hrtime.bigint();
    const result = original.apply(this, args);
    if (result instanceof Promise) {
      const done = (rows: number) => {
        const entry = stats.get(shape(text)) ?? { calls: 0, ms: 0, rows: 0 };
        entry.calls += 1;
        entry.ms += Number(process.hrtime.bigint() - started) / 1e6;
        entry.rows += rows;
        stats.set(shape(text), entry);
      };
      result.then(
        (r: { rowCount?: number | null }) => done(r?.rowCount ?? 0),
        () => done(0),
      );
    }
    return result;
  };
}

/** Starts the count again (after the unmeasured seeding). */
export function forgetStatements(): void {
  stats.clear();
}

/** The statements that took the most time so far, then forgets them (one table per phase). */
export function statementReport(title: string, top = 25): string {
  const rows = [...stats.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, top);
  const total = [...stats.values()].reduce((sum, e) => sum + e.ms, 0);
  stats.clear();
  return [
    `${title}: ${(total / 1000).toFixed(1)} s in statements`,
    '   total s   calls   ms/call      rows  statement',
    ...rows.map(
      ([text, e]) =>
        `${(e.ms / 1000).toFixed(2).padStart(10)} ${String(e.calls).padStart(7)} ${(e.ms / e.calls).toFixed(1).padStart(9)} ${String(e.rows).padStart(9)}  ${text}`,
    ),
  ].join('\n');
}
