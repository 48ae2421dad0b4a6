/**
 * What the subscriber portal costs the person holding the phone, measured in one run:
 *   npm run bench:portal        (BENCH_ROUNDS, default 5)
 * Prints the bytes a first visit to `/` downloads (on the wire and uncompressed, per resource type),
 * then the time from navigation start to first contentful paint and to "interactive" (the App's
 * `simexit:interactive` mark: rendered with its handlers attached) for `/` and `/identify`, on a
 * desktop and on a slow phone, first visit and repeat visit. Figures only: nothing here fails on timing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { defaultWebDir } from '../src/http/routes/portal.js';
import { startPortal, type Portal } from '../test/e2e/browser.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PAGES = ['/', '/identify'] as const;

interface Profile {
  name: string;
  viewport: { width: number; height: number };
  slow: boolean;
  cache: boolean;
}
const BASELINE: Profile = { name: 'baseline', viewport: { width: 1280, height: 800 }, slow: false, cache: false };
const PHONE: Profile = { name: 'slow phone', viewport: { width: 360, height: 780 }, slow: true, cache: false };
const PHONE_REPEAT: Profile = { ...PHONE, name: 'slow phone, repeat', cache: true };

// Lighthouse's mobile "Slow 4G": what a mid-range phone on a poor connection gets, per request.
const SLOW_4G = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
};

/** A page whose throttling is in place before it navigates: CDP emulation is per target, not per context. */
async function openPage(context: BrowserContext, profile: Profile) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  // A fresh context already has an empty cache; disabling it also keeps a revisit from hitting it.
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: !profile.cache });
  if (profile.slow) {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  }
  return { page, cdp };
}

/** FCP and the interactive mark, both relative to navigation start (the page's time origin). */
async function timings(page: Page): Promise<{ fcp: number; tti: number }> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    // A function, not a string: the portal's CSP forbids eval, which string predicates need.
    const t = await page.evaluate(() => ({
      tti: performance.getEntriesByName('simexit:interactive')[0]?.startTime,
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
    }));
    if (t.tti !== undefined && t.fcp !== undefined) return { tti: t.tti, fcp: t.fcp };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no simexit:interactive mark on ${page.url()} within 30 s`);
}

/** One visit on a fresh context; a repeat visit first loads `/` once so the immutable assets are cached. */
async function visit(portal: Portal, path: string, profile: Profile): Promise<{ fcp: number; tti: number }> {
  const context = await portal.browser.newContext({ baseURL: portal.base, viewport: profile.viewport });
  try {
    if (profile.cache) {
      const warm = await context.newPage();
      await warm.goto('/', { waitUntil: 'networkidle' });
      await warm.close();
    }
    const { page } = await openPage(context, profile);
    await page.goto(path, { waitUntil: 'load' });
    const measured = await timings(page);
    // Checked after timing so Playwright's polling does not compete with the page for the slowed CPU.
    await page
      .locator(path === '/identify' ? 'input[name="msisdn"]' : 'main')
      .first()
      .waitFor();
    return measured;
  } finally {
    await context.close();
  }
}

interface Transfer {
  type: string;
  file: string;
  encoding: string;
  wire: number;
  decoded: number;
}

/** Every response of a first visit to `/`, with its size on the wire (headers included) and decoded. */
async function shipped(portal: Portal): Promise<Transfer[]> {
  const context = await portal.browser.newContext({ baseURL: portal.base, viewport: BASELINE.viewport });
  const byId = new Map<string, Transfer>();
  try {
    const { page, cdp } = await openPage(context, BASELINE);
    cdp.on('Network.responseReceived', ({ requestId, type, response }) => {
      const encoding = Object.entries(response.headers).find(([name]) => name.toLowerCase() === 'content-encoding');
      const file = new URL(response.url).pathname;
      byId.set(requestId, { type, file, encoding: encoding?.[1] ?? 'identity', wire: 0, decoded: 0 });
    });
    cdp.on('Network.dataReceived', ({ requestId, dataLength }) => {
      const transfer = byId.get(requestId);
      if (transfer) transfer.decoded += dataLength;
    });
    cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
      const transfer = byId.get(requestId);
      if (transfer) transfer.wire = encodedDataLength;
    });
    await page.goto('/', { waitUntil: 'networkidle' });
    await timings(page);
  } finally {
    await context.close();
  }
  return [...byId.values()];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const kib = (bytes: number) => (bytes / 1024).toFixed(1);
const ms = (value: number) => value.toFixed(0);

// The server decides at start whether the portal is built, so the build has to come first.
if (!existsSync(join(defaultWebDir, 'index.html'))) {
  console.log('dist/web/index.html is missing: npm run build:web');
  const build = spawnSync('npm', ['run', 'build:web'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`npm run build:web failed (${build.status})`);
}

console.log(`Subscriber portal: bytes of a first visit, then ${ROUNDS} loads per page and profile, each in a fresh context.
  baseline            1280×800, no throttling, empty cache
  slow phone          360×780, CPU 4× slower, Slow 4G (150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up), empty cache:
                      Lighthouse's mobile profile, roughly a mid-range Android phone on a poor connection
  slow phone, repeat  the same phone coming back: \`/\` loaded once before, assets (immutable) from the cache
  FCP = first contentful paint; TTI = navigation start to the App's simexit:interactive mark`);

const portal = await startPortal();
try {
  const transfers = await shipped(portal);
  console.log('\nFirst visit to / (wire = bytes received incl. headers; raw = file in dist/web/assets, else decoded):');
  console.log('type          requests   wire KiB    raw KiB   encoding');
  const types = [...new Set(transfers.map((t) => t.type))];
  for (const type of [...types, 'total']) {
    const of = transfers.filter((t) => type === 'total' || t.type === type);
    const raw = of.map((t) => {
      const file = join(defaultWebDir, 'assets', basename(t.file));
      return t.file.startsWith('/assets/') && existsSync(file) ? statSync(file).size : t.decoded;
    });
    const encodings = [...new Set(of.map((t) => t.encoding))].join(', ');
    console.log(
      `${type.padEnd(13)} ${String(of.length).padStart(8)} ${kib(of.reduce((s, t) => s + t.wire, 0)).padStart(10)} ${kib(raw.reduce((s, n) => s + n, 0)).padStart(10)}   ${type === 'total' ? '' : encodings}`,
    );
  }

  const results = new Map<string, { fcp: number[]; tti: number[] }>();
  for (const profile of [BASELINE, PHONE, PHONE_REPEAT]) {
    for (const path of PAGES) {
      const runs = { fcp: [] as number[], tti: [] as number[] };
      for (let round = 0; round < ROUNDS; round++) {
        const t = await visit(portal, path, profile);
        runs.fcp.push(t.fcp);
        runs.tti.push(t.tti);
      }
      results.set(`${profile.name} ${path}`, runs);
    }
  }
  console.log(`\nTime from navigation start, ms (median and max of ${ROUNDS}):`);
  console.log('profile              page         FCP med  FCP max   TTI med  TTI max');
  for (const profile of [BASELINE, PHONE, PHONE_REPEAT]) {
    for (const path of PAGES) {
      const { fcp, tti } = results.get(`${profile.name} ${path}`)!;
      console.log(
        `${profile.name.padEnd(20)} ${path.padEnd(10)} ${ms(median(fcp)).padStart(9)} ${ms(Math.max(...fcp)).padStart(8)} ${ms(median(tti)).padStart(9)} ${ms(Math.max(...tti)).padStart(8)}`,
      );
    }
  }
  for (const path of PAGES) {
    const base = results.get(`${BASELINE.name} ${path}`)!;
    const ratio = (p: Profile) => (median(results.get(`${p.name} ${path}`)!.tti) / median(base.tti)).toFixed(1);
    console.log(
      `${path}: TTI slow phone / baseline ×${ratio(PHONE)}, slow phone repeat / baseline ×${ratio(PHONE_REPEAT)}`,
    );
  }
} finally {
  await portal.close();
}
