import { mkdirSync } from 'node:fs';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { latestCode, startHarness, type Harness } from '../support/harness.js';
import { consoleEn } from '../../web/i18n/console-en.js';
import { de } from '../../web/i18n/de.js';
import { en, type Resources } from '../../web/i18n/en.js';
import { zhCN } from '../../web/i18n/zh-CN.js';

/**
 * Browser tests drive Debian's Chromium (apt-get install chromium; .ci/run does) through
 * playwright-core against a whole simexit listening on loopback, with the demo operator and a manual
 * clock the test moves. Screenshots go to test-results/screenshots (not committed).
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = 'test-results/screenshots';
/**
 * Pictures of every page at both widths, for a person to look at, are taken only when asked for
 * (`SIMEXIT_SCREENSHOTS=1`): they check nothing, and full-page captures were a quarter of a journey's
 * time. A failing walk always saves its `FAILED-…` picture.
 */
const saveEveryPage = process.env.SIMEXIT_SCREENSHOTS === '1';
/** The longest a browser action or wait may take before the test fails. */
export const BROWSER_WAIT_MS = 120_000;

/** The complete languages, whose every page the tests walk; German is checked on its own flow. */
export const texts: Record<'en' | 'zh-CN', Resources> = { en, 'zh-CN': zhCN };
export type Language = keyof typeof texts;
export { de };

export interface Portal {
  harness: Harness;
  base: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startPortal(env: Record<string, string> = {}): Promise<Portal> {
  // Every page is loaded from 127.0.0.1, so the per-address sign-in limit is raised for the suite.
  const harness = await startHarness({ env: { AUTH_RATE_LIMIT_PER_MINUTE: '1000', ...env } });
  const base = await harness.app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    harness,
    base,
    browser,
    async close() {
      await browser.close();
      await harness.close();
    },
  };
}

/**
 * A fresh browser profile showing the portal in `language`, phone-sized by default. `problems`
 * collects console errors, uncaught page errors and 5xx answers. Chromium also logs every 4xx answer
 * as a console error; those are the API's expected answers to wrong input (a wrong code, say), which
 * the page shows as messages, so they are left out.
 */
export async function openContext(
  portal: Portal,
  language: Language,
  viewport = { width: 360, height: 780 },
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await portal.browser.newContext({ baseURL: portal.base, viewport, acceptDownloads: true });
  // Playwright's 30 s default for a click or a wait is too little on a loaded 2-core machine running a
  // browser and simexit side by side; a page that never shows what is awaited still fails, later.
  context.setDefaultTimeout(BROWSER_WAIT_MS);
  await context.addInitScript({
    content: `window.localStorage.setItem('simexit.language', ${JSON.stringify(language)});`,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    const expected4xx = /^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text());
    if (message.type() === 'error' && !expected4xx) problems.push(`console: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 500) problems.push(`${response.status()} from ${response.url()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return { context, page, problems };
}

/**
 * Types a calendar date (YYYY-MM-DD) into a date field of three boxes (web/shared/DateField.tsx): the
 * group named `legend`, its Day, Month and Year boxes labelled in the page's language (`words`, the
 * `date` strings of the language's texts).
 */
export async function fillDate(
  page: Page,
  legend: string,
  isoDate: string,
  words: { day: string; month: string; year: string } = en.date,
): Promise<void> {
  const [year, month, day] = isoDate.split('-');
  const group = page.getByRole('group', { name: legend, exact: true });
  await group.getByLabel(words.day, { exact: true }).fill(String(Number(day)));
  await group.getByLabel(words.month, { exact: true }).fill(String(Number(month)));
  await group.getByLabel(words.year, { exact: true }).fill(year ?? '');
}

/** "Hello {{name}}" with the values filled in, as i18next does. */
export function fill(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ''));
}

/**
 * A whole text made from `template` whatever its placeholders were filled with (a date the page
 * formats in its own locale, say), to find that exact text on a page.
 */
export function filledPattern(template: string): RegExp {
  const parts = template.split(/\{\{\w+\}\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.+')}$`);
}

/** The WCAG 2.0/2.1/2.2 A and AA rules axe-core checks. */
const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * axe-core's serious and critical findings on the page as it is now (WCAG 2.0/2.1/2.2 A and AA), from
 * `axe.run` in the page itself. axe's source is put in the page once and stays while the app moves
 * between its pages (both apps route in the page), rather than again before every check, which was
 * about 40% of a check's time; only violations are collected, as they are all this reads.
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  // Both functions run in the page, where axe's source defines the global `axe`.
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(axe.source);
  const result = await page.evaluate(
    (tags) =>
      (globalThis as typeof globalThis & { axe: typeof axe }).axe.run({
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      }),
    wcagTags,
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Saves the page at 360 px and at 1280 px wide, then restores the viewport (with SIMEXIT_SCREENSHOTS=1). */
export async function screenshots(page: Page, name: string): Promise<void> {
  if (!saveEveryPage) return;
  const before = page.viewportSize() ?? { width: 360, height: 780 };
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    await page.screenshot({ path: `${SCREENSHOTS}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize(before);
}

/**
 * Signs a holder in on the portal's identify page, where `page` is: the number with the SIM serial
 * (the code goes by text to the line) or with the account login (the code goes by e-mail to `email`),
 * then the newest code from the demo inbox, read only once the code field shows it was sent.
 */
export async function signInByCode(
  page: Page,
  portal: Portal,
  tr: Resources,
  input: { msisdn: string; iccid?: string; accountLogin?: string; email?: string },
): Promise<void> {
  await page.locator('input[name=msisdn]').fill(input.msisdn);
  if (input.accountLogin) {
    await page.getByLabel(tr.identify.methodLogin).check();
    await page.locator('input[name=accountLogin]').fill(input.accountLogin);
  } else {
    await page.locator('input[name=iccid]').fill(input.iccid ?? '');
  }
  await page.getByRole('button', { name: tr.identify.sendCode }).click();
  await page.getByRole('heading', { level: 1, name: tr.identify.codeTitle }).waitFor();
  await page.locator('input[name=code]').waitFor();
  const code = await latestCode(portal.harness, input.accountLogin ? (input.email ?? '') : input.msisdn);
  await page.locator('input[name=code]').fill(code);
  await page.getByRole('button', { name: tr.identify.verify }).click();
}

/** Signs a demo staff member in to the console (password `simexit-demo`) and waits for the menu. */
export async function signInToConsole(page: Page, who: string, labels = consoleEn.console): Promise<void> {
  await page.goto('/console');
  await page.getByRole('heading', { level: 1, name: labels.signIn.title }).waitFor();
  await page.getByLabel(labels.signIn.email).fill(`${who}@demo.simexit.test`);
  await page.getByLabel(labels.signIn.password).fill('simexit-demo');
  await page.getByRole('button', { name: labels.signIn.submit }).click();
  await page.getByRole('navigation').waitFor();
}

/**
 * Walks the console as a demo staff member (`who`: agent, clerk, supervisor…) in a fresh browser,
 * desktop-sized, in `language`; fails on console errors and saves a full-page screenshot
 * `FAILED-<prefix>-<name>.png` when the walk throws.
 */
export async function asStaffMember(
  portal: Portal,
  who: string,
  name: string,
  walk: (page: Page) => Promise<void>,
  options: { language?: Language; labels?: typeof consoleEn.console; prefix?: string } = {},
): Promise<void> {
  const { context, page, problems } = await openContext(portal, options.language ?? 'en', { width: 1280, height: 900 });
  try {
    await signInToConsole(page, who, options.labels);
    await walk(page);
    if (problems.length > 0) throw new Error(`${name}: console errors: ${problems.join('; ')}`);
  } catch (error) {
    await page.screenshot({ path: `${SCREENSHOTS}/FAILED-${options.prefix ?? 'console'}-${name}.png`, fullPage: true });
    throw error;
  } finally {
    await context.close();
  }
}

/**
 * At 360 and 1280 px wide: axe's serious and critical findings, and how many pixels the page scrolls
 * sideways (a table or a long word that does not wrap); saves a screenshot at each width (with
 * SIMEXIT_SCREENSHOTS=1), then restores the viewport. Empty when the page is fine at both.
 */
export async function problemsAtWidths(page: Page, name: string): Promise<string[]> {
  const before = page.viewportSize() ?? { width: 1280, height: 800 };
  const problems: string[] = [];
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    for (const problem of await accessibilityProblems(page)) problems.push(`${width} px: ${problem}`);
    const sideways = Number(
      await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'),
    );
    if (sideways > 0) problems.push(`${width} px: the page scrolls ${sideways} px sideways`);
    if (saveEveryPage) await page.screenshot({ path: `${SCREENSHOTS}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize(before);
  return problems;
}
