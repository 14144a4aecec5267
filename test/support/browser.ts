import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

/**
 * A real headless Chromium for the web app's journeys, found without any download: CHROMIUM_PATH
 * when set (run-tests.ts sets it once per run), else Debian's /usr/bin/chromium, else the binary
 * that the npm package @sparticuz/chromium ships inside itself (unpacked to /tmp on first use).
 * Driven by playwright-core, which brings no browser of its own.
 */
export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

export async function chromiumExecutable(): Promise<string> {
  const configured = process.env.CHROMIUM_PATH;
  if (configured && existsSync(configured)) return configured;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  const packaged = (await import('@sparticuz/chromium')).default;
  return packaged.executablePath();
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: await chromiumExecutable(), args: CHROMIUM_FLAGS, headless: true });
}

/** A viewer in London with a British locale, at a desktop or a phone's width. */
export async function newViewer(browser: Browser, size: 'desktop' | 'phone' = 'desktop'): Promise<BrowserContext> {
  const viewport = size === 'phone' ? { width: 390, height: 844 } : { width: 1280, height: 900 };
  return browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'Europe/London', acceptDownloads: true, deviceScaleFactor: 1 });
}

/** Screenshots land in test-artifacts/screenshots (gitignored), one file per screen. */
export const ARTIFACTS = join(__dirname, '..', '..', '..', 'test-artifacts', 'screenshots');

/**
 * The whole page by default; `screen` keeps only what the viewport shows, which is what a person
 * sees of a modal dialog (a full-page capture stretches the page under its fixed backdrop).
 */
export async function screenshot(page: Page, name: string, area: 'page' | 'screen' = 'page'): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: area === 'page' });
}

/** One part of the screen (a card), to look at closely what a full page shows too small. */
export async function screenshotOf(part: Locator, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await part.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

/**
 * axe-core inside the page (evaluated through the DevTools protocol, which the page's CSP does not
 * govern): no serious or critical violation on this screen.
 */
export async function assertAccessible(page: Page, screen: string): Promise<void> {
  await page.evaluate(axeSource);
  // A string, evaluated in the page: this file is compiled without the DOM's types.
  const violations = await page.evaluate<Array<Omit<AxeViolation, 'nodes'> & { nodes: string[] }>>(`
    axe.run(document, { resultTypes: ['violations'] }).then((result) => result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    })))`);
  const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  assert.deepEqual(serious, [], `${screen}: accessibility violations`);
}

/** The MRR chart is its own chunk, loaded beside the figures: wait until its curve is drawn. */
export async function waitForMrrChart(page: Page): Promise<void> {
  await page.locator('.mrr-charts .recharts-area-curve').waitFor();
}

/** No sideways scrolling: the page is no wider than the viewport. */
export async function assertNoSidewaysScroll(page: Page, screen: string): Promise<void> {
  const [scrollWidth, width] = await page.evaluate<[number, number]>('[document.documentElement.scrollWidth, window.innerWidth]');
  assert.ok(scrollWidth <= width, `${screen}: the page is ${scrollWidth} px wide on a ${width} px screen`);
}

/** Collects what would mean the page is broken: uncaught errors and Content-Security-Policy refusals. */
export function watchForBreakage(page: Page): () => string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content.Security.Policy|Refused to/i.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  page.on('requestfailed', (request) => {
    // A navigation aborts what the page it leaves was still fetching (net::ERR_ABORTED): not a fault.
    const reason = request.failure()?.errorText ?? '';
    if (!request.url().startsWith('blob:') && reason !== 'net::ERR_ABORTED') problems.push(`request failed: ${request.url()} ${reason}`);
  });
  return () => problems;
}
