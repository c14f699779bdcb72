// Browser-test harness: a real HTTP server on a loopback port, staff users, and headless Chromium
// (playwright-core driving the system browser at CHROMIUM_PATH, default /usr/bin/chromium).
import fs from 'node:fs';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { buildTestApp, makeUser, PASSWORD, type TestApp } from '../helpers.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 900 };
export const EDITOR = 'e2e-editor';
export const REVIEWER = 'e2e-reviewer';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');

export interface Harness {
  t: TestApp;
  baseUrl: string;
  browser: Browser;
  /** A fresh context (own cookies) on the test server. */
  context(opts?: BrowserContextOptions & { elder?: boolean }): Promise<BrowserContext>;
  close(): Promise<void>;
}

export async function startHarness(opts: { demo?: boolean } = {}): Promise<Harness> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium fonts-wqy-microhei, or set CHROMIUM_PATH)`);
  const t = await buildTestApp({ demo: opts.demo ?? false });
  let browser: Browser | undefined;
  try {
    await makeUser(t, EDITOR, 'editor', 'zfb');
    await makeUser(t, REVIEWER, 'reviewer', 'zfb');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  } catch (err) {
    await browser?.close().catch(() => {});
    await t.close();
    throw err;
  }
  const b = browser;
  const baseUrl = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
  const contexts: BrowserContext[] = [];
  return {
    t,
    baseUrl,
    browser: b,
    async context({ elder, ...o } = {}) {
      // bypassCSP: the pages forbid inline scripts, and axe-core is injected as one.
      const ctx = await b.newContext({ baseURL: baseUrl, viewport: DESKTOP, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', bypassCSP: true, acceptDownloads: true, ...o });
      ctx.setDefaultTimeout(15_000);
      if (elder) await ctx.addCookies([{ name: 'gk_elder', value: '1', url: baseUrl }]);
      contexts.push(ctx);
      return ctx;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await b.close().catch(() => {});
      await t.close();
    },
  };
}

/** Logs in through the real form; fails loudly (with the page's message) if the login is refused. */
export async function login(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  const [res] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/login' && r.request().method() === 'POST'),
    page.getByRole('button', { name: '登录' }).click(),
  ]);
  await page.waitForLoadState('load');
  if (res.status() !== 303) {
    const msg = await page.locator('[role=alert]').allTextContents().catch(() => []);
    throw new Error(`login as ${username} refused: HTTP ${res.status()} ${msg.join(' ')}`);
  }
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; html: string; failureSummary?: string }[];
}

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Runs axe-core on the current page; returns every violation (callers filter by impact). */
export async function axeRun(page: Page, tags: string[] = AXE_TAGS): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as any).axe === 'object');
  if (!loaded) await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async (values) => {
    const r = await (window as any).axe.run(document, { runOnly: { type: 'tag', values }, resultTypes: ['violations'] });
    return r.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n: any) => ({ target: n.target, html: String(n.html).slice(0, 300), failureSummary: n.failureSummary })),
    }));
  }, tags);
}

/** The serious and critical WCAG 2.0/2.1 A+AA violations on the current page. */
export async function axeCheck(page: Page): Promise<AxeViolation[]> {
  return (await axeRun(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export function describeViolations(vs: AxeViolation[]): string {
  return vs
    .map((v) => `[${v.impact}] ${v.id}: ${v.help}\n` + v.nodes.slice(0, 8).map((n) => `    ${JSON.stringify(n.target)}  ${n.html}${n.failureSummary ? `\n      ${n.failureSummary.replace(/\n/g, ' ')}` : ''}`).join('\n'))
    .join('\n');
}

/** Fails when the page scrolls sideways at `width` (default the phone's; not innerWidth: a mobile browser widens the layout viewport to fit wide content). */
/**
 * Clicks a link that comes back to the page it is on (the 适老化 switch redirects to the same URL) and returns once the
 * new document has loaded. waitForURL cannot tell: the URL already matches before the click, so it resolves at once and
 * the next read races the navigation (document.body is null mid-way). The page's 'load' event only fires for the next
 * document.
 */
export async function followToSamePage(page: Page, link: Locator): Promise<void> {
  await Promise.all([page.waitForEvent('load'), link.click()]);
}

export async function noSideScroll(page: Page, width = PHONE.width): Promise<void> {
  const overflow = (await page.evaluate(() => document.documentElement.scrollWidth)) - width;
  assert.ok(overflow <= 0, `${page.url()}: scrolls sideways at ${width} px by ${overflow}px`);
}

/**
 * A checker of a feature's pages at one viewport: goes to the url, expects 200 (unless told), no serious or critical axe
 * violation and no sideways scrolling; with SCREENSHOTS set, saves a full-page screenshot there named
 * `<prefix><viewport width>-<url>.png`.
 */
export function pageChecker(page: Page, viewport: { width: number }, prefix = ''): (url: string, expect?: { status: number }) => Promise<void> {
  return async (url, expect = { status: 200 }) => {
    const res = await page.goto(url);
    assert.equal(res?.status(), expect.status, url);
    const vs = await axeCheck(page);
    assert.equal(vs.length, 0, `${url}\n${describeViolations(vs)}`);
    await noSideScroll(page, viewport.width);
    if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/${prefix}${viewport.width}-${url.replace(/\W+/g, '_')}.png`, fullPage: true });
  };
}
