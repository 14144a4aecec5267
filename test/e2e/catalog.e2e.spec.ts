// GET /v1/catalog shows the price book the billing rules use, to anyone with a token: a tier's
// price here is what a subscription to it is invoiced, and a rate finance sets shows at once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultCatalog } from '../../libs/domain/catalog/catalog';
import { apiClient, ok, type ApiClient } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';

describe('the price book', () => {
  let app: TestApp;
  let vendor: ApiClient;
  let finance: ApiClient;

  before(async () => {
    app = await startTestApp();
    vendor = apiClient(app.url, await app.token({ sub: 'catalog-vendor', role: 'vendor', accountId: 'catalog-shop' }));
    finance = apiClient(app.url, await app.token({ sub: 'catalog-finance', role: 'finance' }));
  });
  after(async () => app?.close());

  test('a vendor reads the tiers, fees, grace, retries, currencies and tax regions in force', async () => {
    const book = ok(await vendor.GET('/v1/catalog'));
    assert.equal(book.currency, 'GBP');
    assert.deepEqual(book.tiers, [
      { name: 'starter', monthlyPrice: { amount: 100, currency: 'GBP' }, productLimit: 10 },
      { name: 'pro', monthlyPrice: { amount: 300, currency: 'GBP' }, productLimit: 100 },
      { name: 'enterprise', monthlyPrice: { amount: 500, currency: 'GBP' }, productLimit: null },
    ]);
    assert.deepEqual([book.extraBranchPrice, book.hibernationFee], [{ amount: 100, currency: 'GBP' }, { amount: 50, currency: 'GBP' }]);
    assert.deepEqual([book.graceDays, book.paymentDueDays, book.retryScheduleDays], [defaultCatalog.graceDays, defaultCatalog.paymentDueDays, defaultCatalog.retryScheduleDays]);
    assert.deepEqual(book.currencies, [{ currency: 'GBP', rate: '1' }]);
    assert.deepEqual(book.taxRegions.find((region) => region.region === 'CA-ON'), { region: 'CA-ON', rate: '0.13' });
  });

  test('rates finance sets are in the book at once, and a currency with a rate may be billed in', async () => {
    ok(await finance.PUT('/v1/admin/exchange-rates/{currency}', { params: { path: { currency: 'EUR' } }, body: { rate: '1.17' } }));
    ok(await finance.PUT('/v1/admin/tax-rates/{region}', { params: { path: { region: 'ES' } }, body: { rate: '0.21' } }));
    ok(await finance.PUT('/v1/admin/exchange-rates/{currency}', { params: { path: { currency: 'JPY' } }, body: { rate: '190', effectiveAt: '2030-01-01T00:00:00Z' } }));
    const book = ok(await vendor.GET('/v1/catalog'));
    assert.deepEqual(book.currencies, [{ currency: 'GBP', rate: '1' }, { currency: 'EUR', rate: '1.17' }], 'a rate from 2030 is not in force yet');
    assert.deepEqual(book.taxRegions.find((region) => region.region === 'ES'), { region: 'ES', rate: '0.21' });
  });

  test('what the book says a tier costs is what subscribing to it invoices', async () => {
    ok(await vendor.POST('/v1/accounts', { body: { accountId: 'catalog-shop', businessName: 'Catalog', email: 'c@example.com', currency: 'GBP', taxRegion: 'GB' } }));
    const book = ok(await vendor.GET('/v1/catalog'));
    const pro = book.tiers.find((tier) => tier.name === 'pro');
    const subscribed = ok(await vendor.POST('/v1/accounts/{id}/subscription', { params: { path: { id: 'catalog-shop' } }, body: { tier: 'pro', branches: 2 } }));
    const invoice = ok(await vendor.GET('/v1/invoices/{invoiceId}', { params: { path: { invoiceId: subscribed.account.openInvoices[0].invoiceId }, query: { after: subscribed.position } } }));
    assert.equal(invoice.subtotal.amount, (pro?.monthlyPrice.amount ?? 0) + book.extraBranchPrice.amount);
  });

  test('no token, no book', async () => {
    const anonymous = await apiClient(app.url).GET('/v1/catalog');
    assert.equal(anonymous.response.status, 401);
  });
});
