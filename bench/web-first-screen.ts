/**
 * How long the console's first screen takes with a large ledger behind it (issue 16: "first screen
 * under a second on a loaded machine here with 10,000 accounts"). Not part of `npm run bench`:
 * `npm run -s build && node dist/bench/web-first-screen.js` (WEB_BENCH_ACCOUNTS, 10 000 by default;
 * WEB_BENCH_RUNS, 5).
 *
 * It opens N subscribed accounts through the API (the read models fill as they would in service),
 * then, in a fresh headless Chromium context each run (nothing cached), signs in by the link and
 * times, from the navigation's start, the overview's MRR figure on screen and the accounts page's
 * first rows. Medians go to stdout as JSON; progress to stderr.
 */
import { launchBrowser, newViewer } from '../test/support/browser';
import { median, progress, startBenchServer } from './bench-support';
import { startApi } from './http.bench';

const accounts = Number(process.env.WEB_BENCH_ACCOUNTS ?? 10_000);
const runs = Number(process.env.WEB_BENCH_RUNS ?? 5);
const concurrency = 16;

async function seed(url: string, token: string): Promise<string> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const post = async (path: string, body: unknown): Promise<string> => {
    const answer = await fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (answer.status >= 300) throw new Error(`${path}: ${answer.status} ${await answer.text()}`);
    return ((await answer.json()) as { position: string }).position;
  };
  let next = 0;
  // Positions are fixed-width strings: the greatest is the last in string order too.
  let last = '';
  const tiers = ['starter', 'pro', 'enterprise'];
  const worker = async () => {
    for (let index = next++; index < accounts; index = next++) {
      const accountId = `shop-${String(index).padStart(5, '0')}`;
      await post('/v1/accounts', { accountId, businessName: `Shop ${index}`, email: `owner@${accountId}.example`, currency: 'GBP', taxRegion: 'GB' });
      const position = await post(`/v1/accounts/${accountId}/subscription`, { tier: tiers[index % 3], branches: 1 + (index % 4) });
      if (position > last) last = position;
      if ((index + 1) % 1000 === 0) progress(`${index + 1}/${accounts} accounts opened and subscribed`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return last;
}

async function main(): Promise<void> {
  const server = await startBenchServer();
  const db = await server.createDatabase('web');
  const api = await startApi(db);
  const browser = await launchBrowser();
  try {
    const last = await seed(api.url, api.token);
    // Every read model the two screens read has caught up before the first run.
    for (const path of ['/v1/reports/summary', '/v1/accounts', '/v1/reports/mrr?from=2026-01-01&to=2026-01-02']) {
      const separator = path.includes('?') ? '&' : '?';
      const answer = await fetch(`${api.url}${path}${separator}after=${last}`, { headers: { authorization: `Bearer ${api.token}` } });
      if (answer.status !== 200) throw new Error(`${path}: ${answer.status} ${await answer.text()}`);
    }
    const overview: number[] = [];
    const list: number[] = [];
    for (let run = 0; run < runs; run++) {
      const context = await newViewer(browser, 'desktop');
      // The instant a figure is first in the document, seen from inside the page: Playwright's own
      // polling and round trips would add their delay to what the viewer sees.
      await context.addInitScript(`new MutationObserver((_, observer) => {
        for (const [key, selector] of Object.entries({ overview: '[data-testid="kpi-mrr"] .kpi-value', accounts: '[data-testid="accounts"] tbody tr' })) {
          if (window['drawn-' + key] === undefined && document.querySelector(selector)) window['drawn-' + key] = performance.now();
        }
      }).observe(document, { childList: true, subtree: true });`);
      const page = await context.newPage();
      await page.goto(`${api.url}/#token=${api.token}`, { waitUntil: 'commit' });
      await page.locator('[data-testid="kpi-mrr"] .kpi-value').waitFor();
      overview.push(await page.evaluate<number>("window['drawn-overview']"));
      // Where the time went: the page's own load, then each script and API call, start to end.
      const timings = await page.evaluate<string>(`[
        ...performance.getEntriesByType('navigation').map((e) => 'page ' + Math.round(e.responseEnd) + ' DOMContentLoaded ' + Math.round(e.domContentLoadedEventEnd)),
        ...performance.getEntriesByType('resource').map((e) => e.name.replace(location.origin, '').split('?')[0] + ' ' + Math.round(e.startTime) + '→' + Math.round(e.responseEnd)),
      ].join('; ')`);
      progress(`run ${run + 1}: ${timings}`);
      await page.goto(`${api.url}/console/accounts`, { waitUntil: 'commit' });
      await page.locator('[data-testid="accounts"] tbody tr').first().waitFor();
      list.push(await page.evaluate<number>("window['drawn-accounts']"));
      progress(`run ${run + 1}/${runs}: overview ${Math.round(overview[run] as number)} ms, accounts ${Math.round(list[run] as number)} ms`);
      await context.close();
    }
    process.stdout.write(`${JSON.stringify({ accounts, runs, overviewMs: Math.round(median(overview)), accountsMs: Math.round(median(list)), overview, list }, null, 2)}\n`);
  } finally {
    await browser.close();
    await api.close();
    await db.drop();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
