// Finance's read side over real HTTP: two shops driven through the REST commands and the manual clock
// yield numbered invoices and credit notes, balanced books, a tax report and daily MRR, with amounts
// worked out by hand; vendors see only their own documents.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp, type TestResponse } from '../support/test-app';

describe('finance read models over HTTP', () => {
  let app: TestApp;
  let admin: string;
  let finance: string;
  let bakery: string;
  const ids = new Map<string, string>();
  /** The newest position of both shops' streams: reads pass it as `?after=` so they see every event. */
  let settled = '';

  const ok = (response: TestResponse, status = 200): TestResponse => {
    assert.equal(response.status, status, JSON.stringify(response.body));
    return response;
  };
  const moveClock = async (now: string) => ok(await app.request('POST', '/v1/admin/clock', { token: admin, body: { now } }));
  /** Finance records a bank transfer: gateway `manual`. */
  const pay = async (accountId: string, invoiceId: string, amount: number, currency: string): Promise<string> => {
    const body = { invoiceId, amount: { amount, currency }, reference: `bank-${invoiceId}` };
    return ok(await app.request('POST', `/v1/accounts/${accountId}/payments`, { token: finance, body }), 201).body.position;
  };
  const openInvoiceId = (response: TestResponse): string => response.body.account.openInvoices.at(-1).invoiceId;

  before(async () => {
    app = await startTestApp();
    admin = await app.token({ sub: 'admin-1', role: 'admin' });
    finance = await app.token({ sub: 'fin-1', role: 'finance' });
    bakery = await app.token({ sub: 'user-bakery', role: 'vendor', accountId: 'bakery' });

    ok(await app.request('PUT', '/v1/admin/exchange-rates/EUR', { token: finance, body: { rate: '1.17', effectiveAt: '2026-01-01T00:00:00Z' } }));
    // Bakery (GBP, GB 20%): Starter with 2 branches on 1 Mar = 200p + 40p tax.
    const openBakery = { accountId: 'bakery', businessName: 'Bakery', email: 'bakery@example.com', currency: 'GBP', taxRegion: 'GB' };
    ok(await app.request('POST', '/v1/accounts', { token: bakery, body: openBakery }), 201);
    const subscribed = ok(await app.request('POST', '/v1/accounts/bakery/subscription', { token: bakery, body: { tier: 'starter', branches: 2 } }), 201);
    ids.set('bakery-1', openInvoiceId(subscribed));
    await pay('bakery', ids.get('bakery-1') as string, 240, 'GBP');
    // Café (EUR at 1.17, IE 23%): Pro on 3 Mar = 351c + 81c tax; down to Starter on 10 Mar (credited at renewal).
    const openCafe = { accountId: 'cafe', businessName: 'Café', email: 'cafe@example.com', currency: 'EUR', taxRegion: 'IE' };
    ok(await app.request('POST', '/v1/accounts', { token: admin, body: openCafe }), 201);
    await moveClock('2026-03-03T00:00:00.000Z');
    const cafe = ok(await app.request('POST', '/v1/accounts/cafe/subscription', { token: admin, body: { tier: 'pro', branches: 1 } }), 201);
    await pay('cafe', openInvoiceId(cafe), 432, 'EUR');
    await moveClock('2026-03-10T00:00:00.000Z');
    ok(await app.request('POST', '/v1/accounts/cafe/subscription/tier', { token: admin, body: { tier: 'starter' } }));
    // Bakery to Pro on 17 Mar: −100p × 15/31 → −48p, +300p × 15/31 → 145p; 97p + 19p tax, paid.
    await moveClock('2026-03-17T00:00:00.000Z');
    const upgraded = ok(await app.request('POST', '/v1/accounts/bakery/subscription/tier', { token: bakery, body: { tier: 'pro' } }));
    ids.set('bakery-upgrade', openInvoiceId(upgraded));
    ids.set('upgrade-paid-at', await pay('bakery', ids.get('bakery-upgrade') as string, 116, 'GBP'));
    // Renewals: Bakery on 1 Apr (Pro 300p + branch 100p + 80p tax, left open); Café on 3 Apr nets to a credit note.
    await moveClock('2026-04-05T00:00:00.000Z');
    for (const stream of ['account-bakery', 'account-cafe']) {
      const [last] = await app.runtime.store.readStream(stream, { direction: 'backwards', maxCount: 1 });
      if (last.position > settled) settled = last.position;
    }
  });
  after(async () => app?.close());

  test('a vendor lists its invoices newest first with gap-free numbers, a page at a time', async () => {
    const first = ok(await app.request('GET', `/v1/accounts/bakery/invoices?limit=2&after=${settled}`, { token: bakery }));
    assert.deepEqual(first.body.items.map((i: { number: string }) => i.number), ['INV-000004', 'INV-000003']);
    const second = ok(await app.request('GET', `/v1/accounts/bakery/invoices?limit=2&cursor=${first.body.nextCursor}`, { token: bakery }));
    assert.deepEqual(second.body.items.map((i: { number: string }) => i.number), ['INV-000001']);
    assert.equal(second.body.nextCursor, null);
  });

  test('one invoice shows its lines exact and rounded, tax, rate, and what was paid', async () => {
    const invoice = ok(await app.request('GET', `/v1/invoices/${ids.get('bakery-upgrade')}?after=${ids.get('upgrade-paid-at')}`, { token: bakery })).body;
    assert.equal(invoice.number, 'INV-000003');
    assert.deepEqual(invoice.lines.map((l: { amount: { amount: number } }) => l.amount.amount), [-48, 145]);
    assert.match(invoice.lines[0].exact, /^-48\.387/);
    assert.deepEqual([invoice.subtotal.amount, invoice.tax.amount, invoice.total.amount], [97, 19, 116]);
    assert.equal(invoice.taxRate, '0.20');
    assert.equal(invoice.exchangeRate, '1');
    assert.deepEqual([invoice.status, invoice.amountPaid.amount, invoice.amountRemaining.amount, invoice.amountDue.amount], ['paid', 116, 0, 116]);
  });

  test('finance sees the café’s renewal credit note: 117c − 272c + 91c = −64c, tax −15c', async () => {
    const list = ok(await app.request('GET', `/v1/accounts/cafe/invoices?after=${settled}`, { token: finance })).body;
    assert.deepEqual(list.items.map((i: { number: string; total: { amount: number } }) => [i.number, i.total.amount]), [['CN-000001', -79], ['INV-000002', 432]]);
    assert.deepEqual(list.items[0].lines.map((l: { amount: { amount: number } }) => l.amount.amount), [117, -272, 91]);
    assert.equal(list.items[0].kind, 'credit_note');
  });

  test('a vendor cannot read another account’s invoices: 403 on the list, 404 on the invoice', async () => {
    assert.equal((await app.request('GET', '/v1/accounts/cafe/invoices', { token: bakery })).status, 403);
    const [note] = ok(await app.request('GET', '/v1/accounts/cafe/invoices', { token: finance })).body.items;
    const probe = await app.request('GET', `/v1/invoices/${note.id}`, { token: bakery });
    assert.equal(probe.status, 404);
    assert.equal(probe.body.code, 'INVOICE_NOT_FOUND');
  });

  test('each currency’s trial balance sums to zero, now and as of the end of March', async () => {
    const balances = (body: { accounts: Array<{ account: string; balance: { amount: number } }> }) => Object.fromEntries(body.accounts.map((a) => [a.account, a.balance.amount]));
    const gbp = ok(await app.request('GET', `/v1/ledger/trial-balance?currency=GBP&after=${settled}`, { token: finance })).body;
    assert.deepEqual(balances(gbp), { 'Cash:manual': 356, Receivable: 480, Revenue: -697, TaxPayable: -139 });
    assert.equal(gbp.balance.amount, 0);
    const eur = ok(await app.request('GET', '/v1/ledger/trial-balance?currency=EUR', { token: finance })).body;
    assert.deepEqual(balances(eur), { 'Cash:manual': 432, CustomerCredit: -79, Receivable: 0, Revenue: -287, TaxPayable: -66 });
    const march = ok(await app.request('GET', '/v1/ledger/trial-balance?currency=GBP&asOf=2026-03-31T23:59:59Z', { token: finance })).body;
    assert.deepEqual(balances(march), { 'Cash:manual': 356, Receivable: 0, Revenue: -297, TaxPayable: -59 });
  });

  test('the tax report gives each region and currency by issue date, credit notes negative', async () => {
    const rows = async (from: string, to: string) =>
      ok(await app.request('GET', `/v1/reports/tax?from=${from}&to=${to}&after=${settled}`, { token: finance })).body.rows.map(
        (r: { region: string; currency: string; taxableAmount: { amount: number }; tax: { amount: number } }) => [r.region, r.currency, r.taxableAmount.amount, r.tax.amount],
      );
    assert.deepEqual(await rows('2026-03-01', '2026-03-31'), [['GB', 'GBP', 297, 59], ['IE', 'EUR', 351, 81]]);
    assert.deepEqual(await rows('2026-04-01', '2026-04-30'), [['GB', 'GBP', 400, 80], ['IE', 'EUR', -64, -15]]);
  });

  test('the MRR report has a row per day with its movements', async () => {
    const report = ok(await app.request('GET', `/v1/reports/mrr?from=2026-03-01&to=2026-04-05&after=${settled}`, { token: finance })).body;
    assert.equal(report.days.length, 36);
    const day = (date: string) => {
      const row = report.days.find((d: { date: string }) => d.date === date);
      return [row.mrr.amount, row.arr.amount, row.new.amount, row.expansion.amount, row.contraction.amount, row.churn.amount, row.reactivation.amount];
    };
    assert.deepEqual(day('2026-03-01'), [200, 2400, 200, 0, 0, 0, 0]);
    assert.deepEqual(day('2026-03-03'), [500, 6000, 300, 0, 0, 0, 0]);
    assert.deepEqual(day('2026-03-10'), [300, 3600, 0, 0, -200, 0, 0]);
    assert.deepEqual(day('2026-03-17'), [500, 6000, 0, 200, 0, 0, 0]);
    assert.deepEqual(day('2026-04-05'), [500, 6000, 0, 0, 0, 0, 0]);
  });

  test('rebuilding each finance read model from the events (blue/green) gives the same answers, numbers included', async () => {
    const reads = [
      '/v1/accounts/bakery/invoices', '/v1/accounts/cafe/invoices', '/v1/ledger/trial-balance?currency=GBP', '/v1/ledger/trial-balance?currency=EUR',
      '/v1/reports/tax?from=2026-03-01&to=2026-04-30', '/v1/reports/mrr?from=2026-03-01&to=2026-04-05',
    ];
    const read = async () => Promise.all(reads.map(async (path) => ok(await app.request('GET', path, { token: finance })).body));
    const before = await read();
    // Twice, so that the swapped-in tables (and their renamed indexes) can themselves be rebuilt.
    for (const round of [1, 2]) {
      for (const name of ['invoices', 'journal', 'mrr', 'tax']) ok(await app.request('POST', `/v1/admin/projections/${name}/rebuild`, { token: admin }));
      assert.deepEqual(await read(), before, `after rebuild ${round}`);
    }
  });

  test('the finance endpoints are in the OpenAPI document', async () => {
    const paths = Object.keys(ok(await app.request('GET', '/docs-json')).body.paths);
    for (const path of ['/v1/accounts/{id}/invoices', '/v1/invoices/{invoiceId}', '/v1/ledger/trial-balance', '/v1/reports/mrr', '/v1/reports/tax']) {
      assert.ok(paths.includes(path), path);
    }
  });

  const refused: Array<[string, string, () => string, number]> = [
    ['a vendor asking for the trial balance', '/v1/ledger/trial-balance?currency=GBP', () => bakery, 403],
    ['a vendor asking for the MRR report', '/v1/reports/mrr?from=2026-03-01&to=2026-03-02', () => bakery, 403],
    ['a trial balance without a currency', '/v1/ledger/trial-balance', () => finance, 400],
    ['a report range backwards', '/v1/reports/tax?from=2026-03-02&to=2026-03-01', () => finance, 400],
    ['a date that does not exist', '/v1/reports/mrr?from=2026-02-30&to=2026-03-01', () => finance, 400],
    ['a page size of 0', '/v1/accounts/bakery/invoices?limit=0', () => finance, 400],
    ['a page size above 100', '/v1/accounts/bakery/invoices?limit=101', () => finance, 400],
    ['a forged cursor', '/v1/accounts/bakery/invoices?cursor=bm90LWEtY3Vyc29y', () => finance, 400],
    ['an unknown invoice', '/v1/invoices/no-such-invoice', () => finance, 404],
    ['the invoices of an unknown account', '/v1/accounts/nobody/invoices', () => finance, 404],
  ];
  for (const [what, path, token, status] of refused) {
    test(`${what} → ${status}`, async () => {
      const response = await app.request('GET', path, { token: token() });
      assert.equal(response.status, status, JSON.stringify(response.body));
      assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
    });
  }
});
