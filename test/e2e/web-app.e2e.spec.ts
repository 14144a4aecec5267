// The api serves the web app from its own origin without disturbing the API: the page at / and
// under /console and /portal with a same-origin Content-Security-Policy and no framing, its hashed
// bundles cached for good, while /v1, /docs, /health and /metrics answer as before and an unknown
// path is still the API's problem+json 404.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/test-app';

describe('the web app served by the api', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(async () => app?.close());

  test('the page, at / and at its client-side routes, with headers that keep it to its own origin', async () => {
    for (const path of ['/', '/console', '/console/accounts/acme', '/portal', '/portal/invoices/x']) {
      const page = await fetch(`${app.url}${path}`);
      assert.equal(page.status, 200, path);
      assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
      const csp = page.headers.get('content-security-policy') ?? '';
      for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "object-src 'none'"]) assert.ok(csp.includes(directive), `${path}: ${directive}`);
      assert.equal(page.headers.get('x-frame-options'), 'DENY');
      assert.equal(page.headers.get('cache-control'), 'no-cache');
      const html = await page.text();
      assert.match(html, /<div id="root">/);
      assert.doesNotMatch(html, /<script>(?!<\/script>)|https?:\/\//, 'no inline script, nothing loaded from elsewhere');
    }
  });

  test('the bundles it names are served from /assets/, cached for good', async () => {
    const html = await (await fetch(app.url)).text();
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]);
    assert.ok(assets.some((asset) => asset.endsWith('.js')) && assets.some((asset) => asset.endsWith('.css')), html);
    for (const asset of assets) {
      const answer = await fetch(`${app.url}${asset}`);
      assert.equal(answer.status, 200, asset);
      assert.equal(answer.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    }
    const script = assets.find((asset) => asset.endsWith('.js')) as string;
    const compressed = await fetch(`${app.url}${script}`, { headers: { 'accept-encoding': 'br' } });
    assert.equal(compressed.headers.get('content-encoding'), 'br', 'scripts go out compressed to a browser that accepts it');
    const missing = await fetch(`${app.url}/assets/nothing-here.js`);
    assert.equal(missing.status, 404);
  });

  test('the API around it is undisturbed', async () => {
    assert.equal((await app.request('GET', '/health')).status, 200);
    assert.equal((await app.request('GET', '/metrics')).status, 200);
    assert.equal((await app.request('GET', '/docs')).status, 200);
    assert.equal((await app.request('GET', '/docs-json')).status, 200);
    assert.equal((await app.request('GET', '/v1/me')).status, 401);
    const unknown = await fetch(`${app.url}/nowhere`);
    assert.equal(unknown.status, 404);
    assert.match(unknown.headers.get('content-type') ?? '', /application\/problem\+json/);
  });
});
