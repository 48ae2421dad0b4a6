#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with Node's test runner, one process per file, a few at a
// time: first the unit and integration tests, then the slow tier (the browser tests in test/e2e/ and
// the crash test, which start whole processes and a browser). Node 20's --test does not expand globs
// itself, so the files are listed here.
// Usage: node scripts/run-tests.mjs [path-substring ...]  (filters the files)
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { buildSync } from 'esbuild';
import pg from 'pg';

/** Every file under `dir` whose name ends with `suffix`. */
function find(dir, suffix) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return find(path, suffix);
    return name.endsWith(suffix) ? [path] : [];
  });
}

const filters = process.argv.slice(2);
const files = ['src', 'test']
  .flatMap((dir) => find(dir, '.test.ts'))
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}

const isBrowserTest = (file) => file.startsWith(join('test', 'e2e'));
const slowTier = (file) => isBrowserTest(file) || file === join('test', 'crash.test.ts');

// Without Chromium the browser tests cannot run: everything else does, and the run says how to enable
// them. CI must run them all, so there a missing browser fails the run.
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const browserTests = files.filter(isBrowserTest);
const skipBrowser = browserTests.length > 0 && !existsSync(chromium);
if (skipBrowser) {
  const message =
    `${browserTests.length} browser test files skipped: no Chromium at ${chromium}. ` +
    'Enable them with: apt-get install -y chromium fonts-wqy-zenhei';
  if (process.env.CI === 'true') {
    console.error(`not ok - ${message} (CI=true: every test must run)`);
    process.exit(1);
  }
  console.log(`# SKIP ${message}`);
}
const runnable = files.filter((file) => !(skipBrowser && isBrowserTest(file)));

// The test processes of this run share the migrated databases they clone (test/support/templates.ts).
const run = randomBytes(6).toString('hex');
const templates = mkdtempSync(join(tmpdir(), 'simexit-templates-'));
// The processes the tests start run simexit from the same build (SIMEXIT_TEST_BUILD; test/support/harness.ts).
const build = join('test-results', 'build');
const env = { ...process.env, SIMEXIT_TEST_RUN: run, SIMEXIT_TEST_TEMPLATES: templates, SIMEXIT_TEST_BUILD: build };
// Three files at a time on two cores: a test file waits much of its time (the browser, child
// processes, timers), so two left the cores a third idle.
const concurrency = process.env.TEST_CONCURRENCY ?? '3';

// Longest first, so a tier does not end on one long file while the other slots are idle: the files
// measured longest (in this order), then the integration tests in test/ before the unit tests beside
// the code, larger files first.
const longest = [
  'test/crash.test.ts',
  'test/e2e/console.test.ts',
  'test/e2e/portal-journeys-en.test.ts',
  'test/e2e/portal-journeys-zh-CN.test.ts',
  'test/e2e/portal-end-dates.test.ts',
  'test/bad-input.test.ts',
  'test/database-faults.test.ts',
  'test/journeys.test.ts',
  'test/many-processes.test.ts',
].map((file) => join(...file.split('/')));
const weight = (file) =>
  longest.includes(file) ? 2e9 - longest.indexOf(file) : (file.startsWith('test') ? 1e9 : 0) + statSync(file).size;
const longestFirst = (list) => [...list].sort((a, b) => weight(b) - weight(a));

// The tests run as JavaScript transpiled once per run (esbuild, as tsx would, one file for one file):
// through tsx every test process paid about 1.2 s of CPU resolving and loading its modules through
// tsx's loader thread. A test that finds files from where it sits (`import.meta`) reads the source
// tree, so it runs from its source through tsx; so do the processes the tests start (src/main.ts).
rmSync(build, { recursive: true, force: true });
buildSync({
  entryPoints: ['src', 'test', 'web'].flatMap((dir) => find(dir, '.ts')),
  outdir: build,
  outbase: '.',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'error',
});
symlinkSync(join('..', '..', 'dist'), join(build, 'dist')); // the portal's pages (src/http/routes/portal.ts)
const fromSource = (file) => readFileSync(file, 'utf8').includes('import.meta');
const built = (file) => join(build, file.replace(/\.ts$/, '.js'));

// One pool of `concurrency` test processes over both tiers: the slow tier's files are queued after
// every file of the first, so they start as the first tier's last files finish, and no slot waits
// for a tier's (or a loader group's) longest file to end. The crash test, which mostly waits on the
// worker processes it starts and kills (its margin is 900 s), starts first in a slot of its own beside
// the pool. Each file's report is printed whole when it ends, under its name and time.
const crashTest = join('test', 'crash.test.ts');
const queue = [...longestFirst(runnable.filter((file) => !slowTier(file))), ...longestFirst(runnable.filter(slowTier))];
const aside = queue.includes(crashTest) ? [queue.splice(queue.indexOf(crashTest), 1)[0]] : [];
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const tally = { tests: 0, pass: 0, fail: 0, skipped: 0, cancelled: 0, todo: 0 };
const failed = [];
const startedAt = Date.now();
console.log(
  `# ${queue.length + aside.length} test files, ${concurrency} at a time (the browser tests last)` +
    (aside.length > 0 ? ', and the crash test beside them' : ''),
);
await Promise.all([
  ...aside.map(runFile),
  ...Array.from({ length: Number(concurrency) }, async () => {
    for (let file = queue.shift(); file; file = queue.shift()) await runFile(file);
  }),
]);
console.log(
  `# ${Object.entries(tally)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ')} in ${seconds(Date.now() - startedAt)}`,
);
for (const file of failed) console.log(`# FAILED ${file}`);
const status = failed.length > 0 ? 1 : 0;
rmSync(templates, { recursive: true, force: true });
if (process.env.DATABASE_URL) await dropServerTemplates(process.env.DATABASE_URL);
if (skipBrowser) console.log(`# SKIP ${browserTests.length} browser test files (see above for how to enable them)`);
process.exit(status);

/** Runs one test file in its own process; prints its report when it ends and adds up its counts. */
function runFile(file) {
  const loader = fromSource(file) ? ['--import', 'tsx'] : [];
  const began = Date.now();
  const child = spawn(process.execPath, [...loader, '--test-reporter=spec', fromSource(file) ? file : built(file)], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = [];
  child.stdout.on('data', (chunk) => output.push(chunk));
  child.stderr.on('data', (chunk) => output.push(chunk));
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      const report = Buffer.concat(output).toString();
      for (const [, name, n] of report.matchAll(/^ℹ (\w+) (\d+)$/gm)) if (name in tally) tally[name] += Number(n);
      const ok = code === 0;
      if (!ok) failed.push(`${file} (${signal ?? `exit ${code}`})`);
      // The counts go into the run's summary; a failing file's report is printed whole.
      const shown = ok ? report.replace(/^ℹ \w+ [\d.]+\n/gm, '') : report;
      console.log(
        `# ${ok ? 'ok' : 'FAILED'} ${file} (${seconds(Date.now() - began)}, ended at ${seconds(Date.now() - startedAt)})\n${shown}`,
      );
      resolve();
    });
  });
}

async function dropServerTemplates(serverUrl) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const { rows } = await admin.query(`select datname from pg_database where datname like $1`, [`simexit_tpl_${run}_%`]);
  for (const { datname } of rows) await admin.query(`drop database if exists ${datname} with (force)`);
  await admin.end();
}
