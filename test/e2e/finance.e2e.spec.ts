// Finance's read side over real HTTP: two shops driven through the REST commands and the manual clock
// yield numbered invoices and credit notes, balanced books, a tax report and daily MRR, with amounts
// worked out by hand; vendors see only their own documents.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiClient, ok as body, type ApiClient } from '../support/api-client';
import { startTestApp, type TestApp, type TestResponse } from '../support/test-app';

describe('finance read models over HTTP', () => {
  let app: TestApp;
  let admin: string;
  let finance: string;
  let bakery: string;
  /** Typed clients (test/support/api-client.ts): each answer is checked against the OpenAPI document. */
  let asFinance: ApiClient;
  let asBakery: ApiClient;
  let asAdmin: ApiClient;
  const ids = new Map<string, string>();
  /** The newest position of both shops' streams: reads pass it as `?after=` so they see every event. */
  let settled = '';

  const ok = (response: TestResponse, status = 200): TestResponse => {
    assert.equal(response.status, status, JSON.stringify(response.body));
    return response;
  };
  const moveClock = async (now: string) => body(await asAdmin.POST('/v1/admin/clock', { body: { now } }));
  /** Finance records a bank transfer: gateway `manual`. */
  const pay = async (id: string, invoiceId: string, amount: number, currency: string): Promise<string> =>
    body(await asFinance.POST('/v1/accounts/{id}/payments', { params: { path: { id } }, body: { invoiceId, amount: { amount, currency }, reference: `bank-${invoiceId}` } })).position;
  const openInvoiceId = (answer: { account: { openInvoices: ReadonlyArray<{ invoiceId: string }> } }): string => (answer.account.openInvoices.at(-1) as { invoiceId: string }).invoiceId;

  before(async () => {
    app = await startTestApp();
    admin = await app.token({ sub: 'admin-1', role: 'admin' });
    finance = await app.token({ sub: 'fin-1', role: 'finance' });
    bakery = await app.token({ sub: 'user-bakery', role: 'vendor', accountId: 'bakery' });
    asFinance = apiClient(app.url, finance);
    asBakery = apiClient(app.url, bakery);
    asAdmin = apiClient(app.url, admin);

    body(await asFinance.PUT('/v1/admin/exchange-rates/{currency}', { params: { path: { currency: 'EUR' } }, body: { rate: '1.17', effectiveAt: '2026-01-01T00:00:00Z' } }));
    // Bakery (GBP, GB 20%): Starter with 2 branches on 1 Mar = 200p + 40p tax.
    body(await asBakery.POST('/v1/accounts', { body: { accountId: 'bakery', businessName: 'Bakery', email: 'bakery@example.com', currency: 'GBP', taxRegion: 'GB' } }));
    const subscribed = body(await asBakery.POST('/v1/accounts/{id}/subscription', { params: { path: { id: 'bakery' } }, body: { tier: 'starter', branches: 2 } }));
    ids.set('bakery-1', openInvoiceId(subscribed));
    await pay('bakery', ids.get('bakery-1') as string, 240, 'GBP');
    // Café (EUR at 1.17, IE 23%): Pro on 3 Mar = 351c + 81c tax; down to Starter on 10 Mar (credited at renewal).
    body(await asAdmin.POST('/v1/accounts', { body: { accountId: 'cafe', businessName: 'Café', email: 'cafe@example.com', currency: 'EUR', taxRegion: 'IE' } }));
    await moveClock('2026-03-03T00:00:00.000Z');
    const cafe = body(await asAdmin.POST('/v1/accounts/{id}/subscription', { params: { path: { id: 'cafe' } }, body: { tier: 'pro', branches: 1 } }));
    await pay('cafe', openInvoiceId(cafe), 432, 'EUR');
    await moveClock('2026-03-10T00:00:00.000Z');
    body(await asAdmin.POST('/v1/accounts/{id}/subscription/tier', { params: { path: { id: 'cafe' } }, body: { tier: 'starter' } }));
    // Bakery to Pro on 17 Mar: −100p × 15/31 → −48p, +300p × 15/31 → 145p; 97p + 19p tax, paid.
    await moveClock('2026-03-17T00:00:00.000Z');
    const upgraded = body(await asBakery.POST('/v1/accounts/{id}/subscription/tier', { params: { path: { id: 'bakery' } }, body: { tier: 'pro' } }));
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

  const invoices = (client: ApiClient, id: string, query: { limit?: number; cursor?: string; after?: string } = {}) =>
    client.GET('/v1/accounts/{id}/invoices', { params: { path: { id }, query } }).then(body);

  test('a vendor lists its invoices newest first with gap-free numbers, a page at a time', async () => {
    const first = await invoices(asBakery, 'bakery', { limit: 2, after: settled });
    assert.deepEqual(first.items.map((i) => i.number), ['INV-000004', 'INV-000003']);
    assert.ok(first.nextCursor);
    const second = await invoices(asBakery, 'bakery', { limit: 2, cursor: first.nextCursor });
    assert.deepEqual(second.items.map((i) => i.number), ['INV-000001']);
    assert.equal(second.nextCursor, null);
  });

  test('one invoice shows its lines exact and rounded, tax, rate, and what was paid', async () => {
    const invoiceId = ids.get('bakery-upgrade') as string;
    const invoice = body(await asBakery.GET('/v1/invoices/{invoiceId}', { params: { path: { invoiceId }, query: { after: ids.get('upgrade-paid-at') } } }));
    assert.equal(invoice.number, 'INV-000003');
    assert.equal(invoice.invoiceId, invoiceId, 'the invoice id goes by the name it has everywhere');
    assert.equal(invoice.id, invoiceId, 'and by the name api.md first gave it');
    assert.deepEqual(invoice.lines.map((l) => l.amount.amount), [-48, 145]);
    assert.match(invoice.lines[0].exact, /^-48\.387/);
    assert.deepEqual([invoice.subtotal.amount, invoice.tax.amount, invoice.total.amount], [97, 19, 116]);
    assert.equal(invoice.taxRate, '0.20');
    assert.equal(invoice.exchangeRate, '1');
    assert.deepEqual([invoice.status, invoice.amountPaid.amount, invoice.amountRemaining.amount, invoice.amountDue.amount], ['paid', 116, 0, 116]);
  });

  test('finance sees the café’s renewal credit note: 117c − 272c + 91c = −64c, tax −15c', async () => {
    const list = await invoices(asFinance, 'cafe', { after: settled });
    assert.deepEqual(list.items.map((i) => [i.number, i.total.amount]), [['CN-000001', -79], ['INV-000002', 432]]);
    assert.deepEqual(list.items[0].lines.map((l) => l.amount.amount), [117, -272, 91]);
    assert.equal(list.items[0].kind, 'credit_note');
  });

  test('a vendor cannot read another account’s invoices: 403 on the list, 404 on the invoice', async () => {
    const listed = await asBakery.GET('/v1/accounts/{id}/invoices', { params: { path: { id: 'cafe' } } });
    assert.equal(listed.response.status, 403);
    const [note] = (await invoices(asFinance, 'cafe')).items;
    const probe = await asBakery.GET('/v1/invoices/{invoiceId}', { params: { path: { invoiceId: note.invoiceId } } });
    assert.equal(probe.response.status, 404);
    assert.equal(probe.error?.code, 'INVOICE_NOT_FOUND');
  });

  const trialBalance = async (query: { currency: string; asOf?: string; after?: string }) => {
    const book = body(await asFinance.GET('/v1/ledger/trial-balance', { params: { query } }));
    assert.equal(book.nextCursor, null, 'a book is one page');
    return book;
  };
  const balances = (book: { items: ReadonlyArray<{ account: string; balance: { amount: number } }> }) => Object.fromEntries(book.items.map((a) => [a.account, a.balance.amount]));

  test('each currency’s trial balance sums to zero, now and as of the end of March', async () => {
    const gbp = await trialBalance({ currency: 'GBP', after: settled });
    assert.deepEqual(balances(gbp), { 'Cash:manual': 356, Receivable: 480, Revenue: -697, TaxPayable: -139 });
    assert.equal(gbp.balance.amount, 0);
    assert.deepEqual(balances(await trialBalance({ currency: 'EUR' })), { 'Cash:manual': 432, CustomerCredit: -79, Receivable: 0, Revenue: -287, TaxPayable: -66 });
    assert.deepEqual(balances(await trialBalance({ currency: 'GBP', asOf: '2026-03-31T23:59:59Z' })), { 'Cash:manual': 356, Receivable: 0, Revenue: -297, TaxPayable: -59 });
  });

  test('the tax report gives each region and currency by issue date, credit notes negative', async () => {
    const rows = async (from: string, to: string) => {
      const report = body(await asFinance.GET('/v1/reports/tax', { params: { query: { from, to, after: settled } } }));
      assert.equal(report.nextCursor, null);
      return report.items.map((r) => [r.region, r.currency, r.taxableAmount.amount, r.tax.amount]);
    };
    assert.deepEqual(await rows('2026-03-01', '2026-03-31'), [['GB', 'GBP', 297, 59], ['IE', 'EUR', 351, 81]]);
    assert.deepEqual(await rows('2026-04-01', '2026-04-30'), [['GB', 'GBP', 400, 80], ['IE', 'EUR', -64, -15]]);
  });

  test('the MRR report has an item per day with its movements', async () => {
    const report = body(await asFinance.GET('/v1/reports/mrr', { params: { query: { from: '2026-03-01', to: '2026-04-05', after: settled } } }));
    assert.equal(report.items.length, 36);
    assert.equal(report.nextCursor, null);
    const day = (date: string) => {
      const row = report.items.find((d) => d.date === date);
      assert.ok(row, date);
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
      for (const name of ['invoices', 'journal', 'mrr', 'tax']) body(await asAdmin.POST('/v1/admin/projections/{name}/rebuild', { params: { path: { name } } }));
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
