// The endpoints the web console reads besides the ledger's own (api.md, "Web console"): who a token
// is, the overview's figures (MRR now, accounts by status, receivables and past due), the history of
// rates, the followers of the feed with their lag, and a verify run over HTTP with its findings,
// each worked out by hand over real HTTP with the typed client.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { apiClient, type ApiClient } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';

describe('console endpoints over HTTP', () => {
  let app: TestApp;
  let finance: ApiClient;
  let admin: ApiClient;

  before(async () => {
    app = await startTestApp();
    const adminToken = await app.token({ sub: 'admin-1', role: 'admin' });
    admin = apiClient(app.url, adminToken);
    finance = apiClient(app.url, await app.token({ sub: 'fin-1', role: 'finance' }));
    const financeToken = await app.token({ sub: 'fin-1', role: 'finance' });
    const put = async (path: string, body: unknown) => assert.equal((await app.request('PUT', path, { token: financeToken, body })).status, 200);
    await put('/v1/admin/exchange-rates/EUR', { rate: '1.17', effectiveAt: '2026-01-01T00:00:00Z' });
    await put('/v1/admin/exchange-rates/EUR', { rate: '1.19', effectiveAt: '2026-02-01T00:00:00Z' });
    // Set later but holding only from the future: scheduled, not in force.
    await put('/v1/admin/exchange-rates/EUR', { rate: '1.25', effectiveAt: '2027-01-01T00:00:00Z' });
    await put('/v1/admin/tax-rates/GB', { rate: '0.21' });
    // Three shops on 1 Mar 2026: Pro GBP paid by card; Starter GBP whose card declines (past due);
    // Starter EUR with 2 branches, no card (open, due in 7 days).
    const shops = [
      { accountId: 'card', currency: 'GBP', region: 'GB', tier: 'pro', branches: 1, token: 'tok_ok' },
      { accountId: 'declined', currency: 'GBP', region: 'GB', tier: 'starter', branches: 1, token: 'tok_decline' },
      { accountId: 'transfer', currency: 'EUR', region: 'IE', tier: 'starter', branches: 2, token: undefined },
    ];
    for (const shop of shops) {
      await app.request('POST', '/v1/accounts', { token: adminToken, body: { accountId: shop.accountId, businessName: shop.accountId, email: `${shop.accountId}@example.com`, currency: shop.currency, taxRegion: shop.region } });
      if (shop.token) await app.request('PUT', `/v1/accounts/${shop.accountId}/payment-method`, { token: adminToken, body: { gateway: 'sandbox', token: shop.token } });
      await app.request('POST', `/v1/accounts/${shop.accountId}/subscription`, { token: adminToken, body: { tier: shop.tier, branches: shop.branches } });
    }
    await app.worker.dueWork.settle();
  });
  after(async () => app?.close());

  test('GET /v1/me says who each token speaks for', async () => {
    const vendor = apiClient(app.url, await app.token({ sub: 'owner-1', role: 'vendor', accountId: 'card' }));
    assert.deepEqual((await vendor.GET('/v1/me')).data, { subject: 'owner-1', role: 'vendor', accountId: 'card' });
    assert.deepEqual((await finance.GET('/v1/me')).data, { subject: 'fin-1', role: 'finance', accountId: null });
    const expired = apiClient(app.url, await app.token({ sub: 'x', role: 'finance' }, -10));
    const refused = await expired.GET('/v1/me');
    assert.equal(refused.response.status, 401);
    assert.match(JSON.stringify(refused.error), /expired/);
  });

  test('the summary counts accounts by status and sums what they owe, per currency', async () => {
    const { data } = await finance.GET('/v1/reports/summary');
    assert.ok(data);
    // MRR (GBP list prices): Pro 300 + Starter 100 + Starter with an extra branch 200 = 600p.
    assert.deepEqual(data.mrr, { amount: 600, currency: 'GBP' });
    assert.deepEqual(data.arr, { amount: 7200, currency: 'GBP' });
    assert.equal(data.accounts.total, 3);
    const byStatus = Object.fromEntries(data.accounts.byStatus.map((entry) => [entry.status, entry]));
    assert.equal(byStatus.active.count, 2);
    assert.equal(byStatus.past_due.count, 1);
    assert.deepEqual(byStatus.past_due.mrr, { amount: 100, currency: 'GBP' });
    assert.equal(byStatus.suspended.count, 0);
    // Declined: 100p + 21p tax (GB at 21% since before 1 Mar), past due. Transfer: 200p × 1.19 (in force since 1 Feb) = 238c + 23% = 293c, open.
    const gbp = data.receivables.find((book) => book.currency === 'GBP');
    const eur = data.receivables.find((book) => book.currency === 'EUR');
    assert.deepEqual([gbp?.open, gbp?.pastDue, gbp?.pastDueInvoices, gbp?.accountsPastDue], [{ amount: 121, currency: 'GBP' }, { amount: 121, currency: 'GBP' }, 1, 1]);
    assert.deepEqual([eur?.open, eur?.pastDue, eur?.openInvoices], [{ amount: 293, currency: 'EUR' }, { amount: 0, currency: 'EUR' }, 1]);
  });

  test('rate history lists every rate set, marks the one in force and the scheduled one', async () => {
    const { data } = await finance.GET('/v1/admin/exchange-rates');
    assert.ok(data);
    const eur = data.items.filter((item) => item.currency === 'EUR').map((item) => [item.rate, item.inForce, item.scheduled, item.setBy]);
    assert.deepEqual(eur, [['1.25', false, true, 'fin-1'], ['1.19', true, false, 'fin-1'], ['1.17', false, false, 'fin-1']]);
    const tax = (await finance.GET('/v1/admin/tax-rates')).data;
    assert.deepEqual(tax?.items.map((item) => [item.region, item.rate, item.inForce]), [['GB', '0.21', true]]);
    assert.ok(tax?.defaults.some((entry) => entry.region === 'IE' && entry.rate === '0.23'));
  });

  test('the followers of the feed say how far behind the head each is', async () => {
    const { data } = await finance.GET('/v1/admin/projections');
    assert.ok(data?.head);
    const names = data.items.map((item) => item.name);
    for (const name of ['accounts', 'invoices', 'mrr', 'rates', 'payment-collector']) assert.ok(names.includes(name), `${name} is listed`);
    assert.deepEqual(data.items.filter((item) => item.eventsBehind !== 0).map((item) => item.name), []);
    assert.equal(data.items.find((item) => item.name === 'payment-collector')?.kind, 'process');
    assert.equal(data.items.find((item) => item.name === 'rates')?.kind, 'read model');
  });

  test('a verify run started over HTTP passes on an honest ledger and finds an altered event', async () => {
    const started = await finance.POST('/v1/admin/verify-runs');
    assert.equal(started.response.status, 202);
    const passed = await finish(started.data?.runId as string);
    assert.equal(passed.status, 'passed', JSON.stringify(passed));
    assert.deepEqual(passed.findings, []);
    assert.ok((passed.events ?? 0) > 10 && passed.streams === 5);

    const sql = app.runtime.pool;
    await sql.query('ALTER TABLE events DISABLE TRIGGER USER');
    try {
      await sql.query(`UPDATE events SET data = jsonb_set(data, '{businessName}', '"tampered"') WHERE stream_id = 'account-transfer' AND stream_revision = 0`);
    } finally {
      await sql.query('ALTER TABLE events ENABLE TRIGGER USER');
    }
    const again = await admin.POST('/v1/admin/verify-runs');
    const failed = await finish(again.data?.runId as string);
    assert.equal(failed.status, 'failed');
    assert.ok(failed.findings.some((finding) => finding.check === 'hash-chain' && finding.detail.includes('account-transfer')), JSON.stringify(failed.findings));
    const listed = await finance.GET('/v1/admin/verify-runs');
    assert.deepEqual(listed.data?.items.slice(0, 2).map((run) => run.status), ['failed', 'passed']);
    const missing = await finance.GET('/v1/admin/verify-runs/{runId}', { params: { path: { runId: '01900000-0000-7000-8000-000000000000' } } });
    assert.equal(missing.response.status, 404);
  });

  test('pay now: the collector charges the card on file as the next attempt; without a card it is refused', async () => {
    const owner = await app.token({ sub: 'owner-declined', role: 'vendor', accountId: 'declined' });
    const account = await app.request('GET', '/v1/accounts/declined', { token: owner });
    const [invoice] = account.body.openInvoices;
    const asked = await app.request('POST', `/v1/accounts/declined/invoices/${invoice.invoiceId}/pay`, { token: owner });
    assert.equal(asked.status, 202, JSON.stringify(asked.body));
    assert.deepEqual(asked.body.amount, invoice.amountRemaining);
    await app.worker.dueWork.settle();
    const events = (await app.runtime.store.readStream('account-declined')).map((event) => [event.type, event.metadata.idempotencyKey ?? null]);
    const at = events.findIndex(([type]) => type === 'PaymentRequested');
    assert.deepEqual(events[at + 1], ['PaymentFailed', `collect-${invoice.invoiceId}-2`], 'the card declines again, as attempt 2');

    const vendor = await app.token({ sub: 'owner-transfer', role: 'vendor', accountId: 'transfer' });
    const transfer = await app.request('GET', '/v1/accounts/transfer', { token: vendor });
    const refused = await app.request('POST', `/v1/accounts/transfer/invoices/${transfer.body.openInvoices[0].invoiceId}/pay`, { token: vendor });
    assert.equal(refused.status, 422);
    assert.equal(refused.body.code, 'NO_PAYMENT_METHOD');
    const other = await app.request('POST', `/v1/accounts/declined/invoices/${invoice.invoiceId}/pay`, { token: vendor });
    assert.equal(other.status, 403, 'another vendor cannot pay for this account');
  });

  async function finish(runId: string) {
    for (let attempt = 0; attempt < 300; attempt++) {
      const { data } = await finance.GET('/v1/admin/verify-runs/{runId}', { params: { path: { runId } } });
      if (data && data.status !== 'running') return data;
      await sleep(100);
    }
    throw new Error(`verify run ${runId} did not finish`);
  }
});
