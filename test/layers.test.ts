import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

/**
 * Issue 12: every query sits behind a repository in src/db/, which takes its executor. Services, jobs
 * and routes hold no SQL, so a query is found, reviewed and reused in one place. The demo operator's
 * adapter stands for the operator's own systems, whose storage is theirs, and keeps its SQL.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const query = /\b(selectFrom|insertInto|updateTable|deleteFrom)\(|\bsql`|\bsql<[^>]*>`/;
const allowed = [join('src', 'db') + sep, join('src', 'ports', 'adapters', 'demo') + sep];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

test('no SQL outside src/db/ (and the demo operator, which stands for outside systems)', () => {
  const offenders = sources(join(root, 'src'))
    .map((path) => relative(root, path))
    .filter((path) => !allowed.some((prefix) => path.startsWith(prefix)))
    .flatMap((path) =>
      readFileSync(join(root, path), 'utf8')
        .split('\n')
        .flatMap((line, index) => (query.test(line) ? [`${path}:${index + 1}: ${line.trim()}`] : [])),
    );
  assert.deepEqual(offenders, []);
});

test('the check finds a query written in a service', () => {
  assert.ok(query.test("await db.selectFrom('cases').selectAll()"));
  assert.ok(query.test('const n = sql<number>`count(*)`'));
  assert.ok(!query.test('// selectFrom is how Kysely starts a query'));
});
