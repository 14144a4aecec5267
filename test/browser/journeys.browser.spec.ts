// The two journeys the console and the portal exist for, in a real headless Chromium against the
// real service, each number on screen checked against the API's answer:
// - finance signs in, finds an account, opens it, reads its invoices and timeline (who and when),
//   looks at the account as it stood at an earlier instant, opens an invoice, downloads a report;
// - a vendor on a 390 px phone reads its subscription, redeems a coupon, previews an upgrade (the
//   documents on screen are the preview API's) and confirms it, sees the new invoice equal the
//   preview; a change the ledger refuses shows the API's sentence beside the control and
//   changes nothing.
// Every screen passes axe-core and is saved in test-artifacts/screenshots.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { formatMoney } from '../../apps/web/src/format/money';
import { discountSentence, priceBookSentence } from '../../apps/web/src/format/terms';
import { taxReportCsv } from '../../apps/web/src/pages/reports/report-csv';
import { apiClient, ok, type ApiClient } from '../support/api-client';
import { assertAccessible, assertNoSidewaysScroll, launchBrowser, newViewer, screenshot, waitForMrrChart, watchForBreakage } from '../support/browser';
import { startTestApp, type TestApp } from '../support/test-app';

const money = (value: { amount: number; currency: string }) => formatMoney(value, { locale: 'en-GB' });

/** A document's terms: all but its ids and number (a preview has none) and what payments move. */
const termsOf = (document: object) => Object.fromEntries(Object.entries(document).filter(([key]) => !['invoiceId', 'id', 'number', 'status', 'amountPaid', 'amountRemaining'].includes(key)));

describe('journeys in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let finance: ApiClient;
  let financeToken: string;
  let upgradedAt: string;

  before(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    const admin = await app.token({ sub: 'admin@example.com', role: 'admin' });
    financeToken = await app.token({ sub: 'finance@example.com', role: 'finance' });
    finance = apiClient(app.url, financeToken);
    await app.request('PUT', '/v1/admin/exchange-rates/EUR', { token: financeToken, body: { rate: '1.17', effectiveAt: '2026-01-01T00:00:00Z' } });
    const open = async (accountId: string, name: string, currency: string, region: string, tier: string, card: boolean) => {
      const owner = await app.token({ sub: `owner@${accountId}.example`, role: 'vendor', accountId });
      await app.request('POST', '/v1/accounts', { token: owner, body: { accountId, businessName: name, email: `owner@${accountId}.example`, currency, taxRegion: region } });
      if (card) await app.request('PUT', `/v1/accounts/${accountId}/payment-method`, { token: owner, body: { gateway: 'sandbox', token: 'tok_ok' } });
      await app.request('POST', `/v1/accounts/${accountId}/subscription`, { token: owner, body: { tier, branches: 1 } });
      return owner;
    };
    const harbour = await open('harbour-bakery', 'Harbour Bakery', 'GBP', 'GB', 'starter', true);
    // Its own terms: a quarter off for three months, and Pro at £2.50 from its next period.
    assert.equal((await app.request('POST', '/v1/coupons', { token: financeToken, body: { code: 'SPRING-25', percentOff: '25', duration: 'repeating', months: 3 } })).status, 201);
    assert.equal((await app.request('POST', '/v1/accounts/harbour-bakery/discount', { token: harbour, body: { code: 'SPRING-25' } })).status, 201);
    assert.equal((await app.request('PUT', '/v1/accounts/harbour-bakery/prices', { token: financeToken, body: { tierPrices: { pro: 250 } } })).status, 200);
    await open('riverside-books', 'Riverside Books', 'GBP', 'GB', 'pro', true);
    await open('cafe-lumiere', 'Café Lumière', 'EUR', 'FR', 'starter', true);
    await open('old-town-deli', 'Old Town Deli', 'GBP', 'GB', 'starter', false);
    await app.request('POST', '/v1/admin/clock', { token: admin, body: { now: '2026-03-17T10:00:00Z' } });
    const upgraded = await app.request('POST', '/v1/accounts/harbour-bakery/subscription/tier', { token: harbour, body: { tier: 'pro' } });
    assert.equal(upgraded.status, 200, JSON.stringify(upgraded.body));
    upgradedAt = '2026-03-17T10:00:00.000Z';
    await app.request('POST', '/v1/admin/clock', { token: admin, body: { now: '2026-04-05T09:00:00Z' } });
    await app.worker.dueWork.settle();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  async function signedIn(token: string, size: 'desktop' | 'phone', path = '/'): Promise<{ page: Page; problems: () => string[] }> {
    const context = await newViewer(browser, size);
    const page = await context.newPage();
    const problems = watchForBreakage(page);
    await page.goto(`${app.url}${path}#token=${token}`);
    return { page, problems };
  }

  /** On a failure, the screen as it was then: the first thing to look at. */
  async function keepScreenOnFailure(page: Page, name: string, journey: () => Promise<void>): Promise<void> {
    try {
      await journey();
    } catch (error) {
      await screenshot(page, `FAILED-${name}`).catch(() => undefined);
      throw error;
    }
  }

  test('finance: find an account, read its invoices and timeline, look back in time, open an invoice, download a report', async () => {
    const { page, problems } = await signedIn(financeToken, 'desktop');
    await keepScreenOnFailure(page, 'finance', async () => {
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.getByRole('heading', { name: 'MRR over time' }).waitFor();
    await page.getByTestId('mrr-range').waitFor();
    await waitForMrrChart(page);
    await screenshot(page, 'finance-overview-chart');
    await assertAccessible(page, 'overview with the MRR chart');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Accounts' }).click();
    await page.getByLabel('Search').fill('harbour');
    await page.getByRole('button', { name: 'Search' }).click();
    const rows = page.getByTestId('accounts').locator('tbody tr');
    // The search narrows the list to one row (locators only: the page's CSP refuses a string predicate's eval).
    await rows.filter({ hasText: 'Harbour Bakery' }).waitFor();
    await rows.filter({ hasNotText: 'Harbour Bakery' }).first().waitFor({ state: 'detached' });
    assert.equal(await rows.count(), 1);
    assert.match((await rows.first().textContent()) ?? '', /Harbour Bakery/);
    await screenshot(page, 'finance-accounts');
    await assertAccessible(page, 'accounts');
    await rows.first().getByRole('link', { name: 'Harbour Bakery' }).click();

    await page.getByRole('heading', { level: 1, name: 'Harbour Bakery' }).waitFor();
    const invoices = (await finance.GET('/v1/accounts/{id}/invoices', { params: { path: { id: 'harbour-bakery' } } })).data?.items ?? [];
    assert.equal(invoices.length, 3, 'subscription, upgrade, renewal');
    const invoiceRows = page.getByTestId('invoices').locator('tbody tr');
    await invoiceRows.nth(invoices.length - 1).waitFor();
    for (const [index, invoice] of invoices.entries()) {
      const text = (await invoiceRows.nth(index).textContent()) ?? '';
      assert.ok(text.includes(invoice.number) && text.includes(money(invoice.total)), `row ${index}: ${text} should show ${invoice.number} ${money(invoice.total)}`);
    }
    const events = (await finance.GET('/v1/accounts/{id}/events', { params: { path: { id: 'harbour-bakery' }, query: { limit: 50 } } })).data?.items ?? [];
    const timeline = page.getByTestId('timeline').locator(':scope > li');
    await timeline.nth(events.length - 1).waitFor();
    assert.equal(await timeline.count(), events.length);
    const changed = events.find((event) => event.type === 'TierChanged');
    assert.ok(changed?.metadata);
    const changedItem = page.getByTestId('timeline').locator('li[data-event-type="TierChanged"]');
    const changedText = (await changedItem.textContent()) ?? '';
    assert.ok(changedText.includes(changed.metadata.correlationId) && changedText.includes(String(changed.metadata.actor)), changedText);
    assert.match(changedText, /17 Mar 2026, 10:00:00 GMT/);
    const { data: account } = await finance.GET('/v1/accounts/{id}', { params: { path: { id: 'harbour-bakery' } } });
    assert.ok(account?.discount && account.prices.contract, 'the coupon and the own prices are the account’s');
    const facts = page.getByTestId('account-facts').first();
    assert.equal(await facts.locator('[data-fact="discount"]').textContent(), discountSentence(account.discount, account.currency, { locale: 'en-GB' }));
    assert.equal(await facts.locator('[data-fact="prices"]').textContent(), priceBookSentence(account.prices, { locale: 'en-GB' }));
    assert.equal(await facts.locator('[data-fact="prices"]').textContent(), 'Own prices: Pro £2.50 a month; the catalog’s for the rest.');
    await screenshot(page, 'finance-account');
    await assertAccessible(page, 'account');

    // As it stood on 10 March: still Starter, while now it is Pro.
    await page.getByLabel('Date and time (your time zone)').fill('2026-03-10T12:00');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByTestId('past-state').waitFor();
    assert.match((await page.getByTestId('past-state').locator('[data-fact="tier"]').textContent()) ?? '', /^Starter/);
    assert.match((await page.getByTestId('account-facts').first().locator('[data-fact="tier"]').textContent()) ?? '', /^Pro/);
    const then = (await finance.GET('/v1/accounts/{id}/state', { params: { path: { id: 'harbour-bakery' }, query: { asOf: '2026-03-10T12:00:00.000Z' } } })).data;
    assert.equal(then?.account.tier, 'starter');
    assert.ok(upgradedAt > '2026-03-10T12:00:00.000Z');
    await screenshot(page, 'finance-account-as-of');

    const upgrade = invoices.find((invoice) => invoice.reason === 'upgrade');
    assert.ok(upgrade);
    await page.getByTestId('invoices').getByRole('link', { name: upgrade.number }).click();
    await page.getByRole('heading', { level: 1, name: `Invoice ${upgrade.number}` }).waitFor();
    const lines = page.getByTestId('invoice-lines').locator('tbody tr');
    await lines.nth(upgrade.lines.length - 1).waitFor();
    for (const [index, line] of upgrade.lines.entries()) {
      const text = (await lines.nth(index).textContent()) ?? '';
      assert.ok(text.includes(line.description) && text.includes(money(line.amount)), `${text} should show ${line.description} ${money(line.amount)}`);
      assert.equal(await lines.nth(index).locator('[data-exact]').getAttribute('data-exact'), line.exact);
    }
    const discountLine = upgrade.lines.findIndex((line) => line.kind === 'discount');
    assert.ok(discountLine >= 0 && upgrade.lines[discountLine].amount.amount < 0, 'the upgrade is discounted');
    assert.match((await lines.nth(discountLine).textContent()) ?? '', /^Discount \(SPRING-25\)1—/);
    for (const key of ['subtotal', 'tax', 'total', 'amountDue', 'amountPaid', 'amountRemaining'] as const) {
      assert.equal(await page.locator(`[data-total="${key}"]`).textContent(), money(upgrade[key]), key);
    }
    // The PDF, fetched with the session: the very bytes the API renders for this invoice.
    const pdfDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: `Download ${upgrade.number}.pdf` }).click();
    const pdfFile = await pdfDownload;
    assert.equal(pdfFile.suggestedFilename(), `${upgrade.number}.pdf`);
    const pdf = readFileSync((await pdfFile.path()) as string);
    const fromApi = Buffer.from(await (await fetch(`${app.url}/v1/invoices/${upgrade.invoiceId}/pdf`, { headers: { authorization: `Bearer ${financeToken}` } })).arrayBuffer());
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(pdf.equals(fromApi), 'the downloaded PDF is the API’s');
    await screenshot(page, 'finance-invoice');
    await assertAccessible(page, 'invoice');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    // The range opens on last month and this one by the ledger's clock (2026-04-05), not the browser's.
    await page.getByTestId('tax-report').waitFor();
    assert.equal(await page.getByLabel('From (UTC date)').inputValue(), '2026-03-01');
    assert.equal(await page.getByLabel('To, included').inputValue(), '2026-04-05');
    await page.getByLabel('From (UTC date)').fill('2026-03-01');
    await page.getByLabel('To, included').fill('2026-04-30');
    await page.getByRole('button', { name: 'Show', exact: true }).first().click();
    await page.getByTestId('tax-report').waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV' }).first().click();
    const file = await download;
    const csv = readFileSync((await file.path()) as string, 'utf8');
    const report = (await finance.GET('/v1/reports/tax', { params: { query: { from: '2026-03-01', to: '2026-04-30' } } })).data;
    assert.ok(report && report.items.length >= 2);
    assert.equal(csv, taxReportCsv(report.items));
    assert.match(csv, /^region,currency,taxable_amount,tax,/);
    await page.getByTestId('trial-balance').waitFor();
    await screenshot(page, 'finance-reports');
    await assertAccessible(page, 'reports');
    assert.deepEqual(problems(), []);
    });
    await page.context().close();
  });

  test('a vendor on a phone: reads its subscription, previews and confirms an upgrade, sees the new invoice; a refusal changes nothing', async () => {
    const vendorToken = await app.token({ sub: 'owner@cafe-lumiere.example', role: 'vendor', accountId: 'cafe-lumiere' });
    const vendor = apiClient(app.url, vendorToken);
    const { page, problems } = await signedIn(vendorToken, 'phone');
    await keepScreenOnFailure(page, 'vendor', async () => {
    await page.getByRole('heading', { name: 'Your subscription' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/portal');
    assert.equal(await page.getByTestId('plan-sentence').textContent(), 'You are on Starter with 1 branch: £1.00 a month before tax.');
    const upcoming = (await vendor.GET('/v1/accounts/{id}/upcoming-invoice', { params: { path: { id: 'cafe-lumiere' } } })).data;
    assert.ok(upcoming);
    await page.locator('[data-fact="next-invoice"] .amount').waitFor();
    assert.equal(await page.locator('[data-fact="next-invoice"] .amount').textContent(), money(upcoming.amountDue));
    await assertNoSidewaysScroll(page, 'portal');
    await screenshot(page, 'vendor-portal-phone');
    await assertAccessible(page, 'portal');

    // A coupon code first: a wrong one is refused under the field and changes nothing; the right one
    // is the discount, so the upgrade below is previewed and issued with a discount line.
    const coupon = page.getByRole('region', { name: 'Coupon' });
    await coupon.getByLabel('Coupon code').fill('SPRING-52');
    await coupon.getByRole('button', { name: 'Redeem' }).click();
    await coupon.locator('.field-error').getByText(/^Nothing changed\. No coupon has this code/).waitFor();
    assert.equal(await coupon.getByLabel('Coupon code').getAttribute('aria-invalid'), 'true');
    assert.equal((await vendor.GET('/v1/accounts/{id}', { params: { path: { id: 'cafe-lumiere' } } })).data?.discount, null);
    await coupon.getByLabel('Coupon code').fill('SPRING-25');
    await coupon.getByRole('button', { name: 'Redeem' }).click();
    await coupon.getByText(/^Coupon redeemed: 25% off each invoice issued before 5 Jul 2026/).waitFor();
    const fact = page.locator('[data-fact="discount"]');
    await fact.getByText(/SPRING-25/).waitFor();
    // Shown once the read model had it: the API's answer now is what the page drew.
    const discount = (await vendor.GET('/v1/accounts/{id}', { params: { path: { id: 'cafe-lumiere' } } })).data?.discount;
    assert.ok(discount);
    assert.equal(await fact.textContent(), discountSentence(discount, 'EUR', { locale: 'en-GB' }));
    await assertNoSidewaysScroll(page, 'portal with a coupon');
    await screenshot(page, 'vendor-coupon-phone');

    const before = (await vendor.GET('/v1/accounts/{id}/invoices', { params: { path: { id: 'cafe-lumiere' } } })).data?.items ?? [];
    const eventCount = async () => (await vendor.GET('/v1/accounts/{id}/events', { params: { path: { id: 'cafe-lumiere' }, query: { limit: 100 } } })).data?.items.length;
    const eventsBeforePreview = await eventCount();
    await page.getByLabel('Tier').selectOption('pro');
    await page.getByRole('button', { name: 'Preview tier change' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change to Pro?' });
    await dialog.waitFor();
    assert.match((await dialog.getByTestId('preview-sentence').textContent()) ?? '', /^Pro costs £3.00 a month, Starter £1.00\. The upgrade takes effect now/);
    // The documents on screen are the preview API's answer, asked again now with nothing written in between.
    const previewed = ok(await vendor.POST('/v1/accounts/{id}/preview', { params: { path: { id: 'cafe-lumiere' } }, body: { action: 'changeTier', tier: 'pro' } }));
    assert.equal(previewed.documents.length, 1, 'the upgrade issues one invoice');
    const [invoice] = previewed.documents;
    assert.ok(invoice.lines.some((line) => line.kind === 'discount' && line.amount.amount < 0), 'the coupon is a line of the preview');
    const shownDocuments = dialog.getByTestId('preview-document');
    assert.equal(await shownDocuments.count(), previewed.documents.length);
    for (const [index, document] of previewed.documents.entries()) {
      const shown = shownDocuments.nth(index);
      const rows = shown.locator('tbody tr');
      assert.equal(await rows.count(), document.lines.length);
      for (const [row, line] of document.lines.entries()) {
        assert.equal(await rows.nth(row).locator('.line-description').textContent(), line.description);
        assert.equal(await rows.nth(row).locator('.amount').textContent(), money(line.amount), line.description);
        assert.equal(await rows.nth(row).getAttribute('data-line-kind'), line.kind);
      }
      for (const key of ['subtotal', 'tax', 'total', 'amountDue'] as const) {
        assert.equal(await shown.locator(`[data-preview-total="${key}"]`).textContent(), money(document[key]), key);
      }
    }
    assert.equal(await dialog.getByTestId('preview-due-now').textContent(), `You pay now: ${money(invoice.amountDue)}`);
    assert.equal(await eventCount(), eventsBeforePreview, 'a preview writes nothing');
    await assertNoSidewaysScroll(page, 'the confirmation');
    await screenshot(page, 'vendor-confirm-upgrade-phone', 'screen');
    await assertAccessible(page, 'the confirmation dialog');
    await dialog.getByRole('button', { name: 'Change to Pro' }).click();
    await page.getByText('Done: you are now on Pro.').waitFor();
    await app.worker.dueWork.settle();

    const after = (await vendor.GET('/v1/accounts/{id}/invoices', { params: { path: { id: 'cafe-lumiere' } } })).data?.items ?? [];
    assert.equal(after.length, before.length + 1, 'the upgrade issued one invoice');
    const issued = after[0];
    assert.equal(issued.reason, 'upgrade');
    // The invoice issued is the preview, line for line and amount for amount; only what the card
    // payment the collector took since then moves (status, paid, left to pay) may differ.
    const issuedDocument = ok(await vendor.GET('/v1/invoices/{invoiceId}', { params: { path: { invoiceId: issued.invoiceId } } }));
    assert.deepEqual(termsOf(issuedDocument), termsOf(invoice));
    assert.equal(issuedDocument.amountPaid.amount + issuedDocument.amountRemaining.amount, invoice.amountDue.amount);
    const newest = page.getByTestId('invoices').locator('tbody tr').first();
    await newest.getByText(issued.number).waitFor();
    assert.match((await newest.textContent()) ?? '', new RegExp(money(issued.total).replace(/[.$]/g, '\\$&')));
    assert.equal(await page.getByTestId('plan-sentence').textContent(), 'You are on Pro with 1 branch: £3.00 a month before tax.');
    await screenshot(page, 'vendor-upgraded-phone');

    // Pro again: the preview is refused (TIER_UNCHANGED); the API's sentence shows by the tier, no
    // dialog opens and nothing changes.
    const events = await eventCount();
    await page.getByLabel('Tier').selectOption('pro');
    await page.getByRole('button', { name: 'Preview tier change' }).click();
    const refusal = page.locator('#tier-refusal');
    await refusal.waitFor();
    assert.match((await refusal.textContent()) ?? '', /^Nothing changed\. The account is already on this tier/);
    assert.equal(await page.getByLabel('Tier').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByRole('dialog').count(), 0, 'a refused preview opens no dialog');
    // Removing the only branch: refused beside the branches control.
    await page.getByLabel('Branches to add (+) or remove (−)').fill('-1');
    await page.getByRole('button', { name: 'Preview branch change' }).click();
    await page.locator('#branch-refusal').waitFor();
    assert.match((await page.locator('#branch-refusal').textContent()) ?? '', /at least one branch/);
    assert.equal(await page.getByRole('dialog').count(), 0, 'a refused preview opens no dialog');
    assert.equal(await eventCount(), events, 'no event was written');
    await assertNoSidewaysScroll(page, 'portal with refusals');
    await screenshot(page, 'vendor-refused-phone');
    await assertAccessible(page, 'portal with refusals');

    await page.getByTestId('invoices').getByRole('link', { name: issued.number }).click();
    await page.getByRole('heading', { level: 1, name: `Invoice ${issued.number}` }).waitFor();
    assert.equal(await page.locator('[data-total="total"]').textContent(), money(issued.total));
    await assertNoSidewaysScroll(page, 'invoice on a phone');
    await page.getByRole('button', { name: `Download ${issued.number}.pdf` }).waitFor();
    await screenshot(page, 'vendor-invoice-phone');
    await assertAccessible(page, 'invoice in the portal');

    // Another account's invoice, typed into the address bar: not found, nothing shown.
    const other = (await finance.GET('/v1/accounts/{id}/invoices', { params: { path: { id: 'riverside-books' } } })).data?.items[0];
    await page.goto(`${app.url}/portal/invoices/${other?.invoiceId}`);
    await page.getByText('You have no invoice').waitFor();
    assert.deepEqual(problems(), []);
    });
    await page.context().close();
  });
});
