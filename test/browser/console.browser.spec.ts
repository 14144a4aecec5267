// The web console in a real headless Chromium against the real service: signing in by link, by a
// pasted token, and out; a bad or expired token told in a sentence; a vendor kept out of the
// console; the overview's numbers equal the API's; the operations page runs verify; the rates
// page shows the history; an admin reads the webhook endpoints and one's deliveries, retries
// one now, registers, disables and deletes an endpoint (the last one of a later page sends the list
// back a page), while finance sees none of it. Every screen passes axe-core (no serious or critical violation), loads
// nothing the Content-Security-Policy refuses, and is saved as a screenshot in test-artifacts/.
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { formatMoney } from '../../apps/web/src/format/money';
import { apiClient, ok } from '../support/api-client';
import { assertAccessible, assertNoSidewaysScroll, launchBrowser, newViewer, screenshot, screenshotOf, waitForMrrChart, watchForBreakage } from '../support/browser';
import { startTestApp, type TestApp } from '../support/test-app';
import { until } from '../support/until';
import { startWebhookReceiver } from '../support/webhook-receiver';

const gbp = (amount: number) => formatMoney({ amount, currency: 'GBP' }, { locale: 'en-GB' });

describe('the web console in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let adminToken: string;
  let financeToken: string;

  before(async () => {
    // The webhook receiver of the operations test listens on loopback.
    app = await startTestApp({ WEBHOOK_ALLOW_PRIVATE: 'true' });
    browser = await launchBrowser();
    adminToken = await app.token({ sub: 'admin@example.com', role: 'admin' });
    financeToken = await app.token({ sub: 'finance@example.com', role: 'finance' });
    const put = (path: string, body: unknown) => app.request('PUT', path, { token: financeToken, body });
    await put('/v1/admin/exchange-rates/EUR', { rate: '1.17', effectiveAt: '2026-01-01T00:00:00Z' });
    await put('/v1/admin/exchange-rates/EUR', { rate: '1.19', effectiveAt: '2026-02-15T00:00:00Z' });
    const shops = [
      { accountId: 'harbour-bakery', currency: 'GBP', region: 'GB', tier: 'pro', branches: 2, card: 'tok_ok' },
      { accountId: 'riverside-books', currency: 'GBP', region: 'GB', tier: 'starter', branches: 1, card: 'tok_decline' },
      { accountId: 'cafe-lumiere', currency: 'EUR', region: 'FR', tier: 'starter', branches: 1, card: undefined },
    ];
    for (const shop of shops) {
      await app.request('POST', '/v1/accounts', { token: adminToken, body: { accountId: shop.accountId, businessName: shop.accountId.replace('-', ' '), email: `owner@${shop.accountId}.example`, currency: shop.currency, taxRegion: shop.region } });
      if (shop.card) await app.request('PUT', `/v1/accounts/${shop.accountId}/payment-method`, { token: adminToken, body: { gateway: 'sandbox', token: shop.card } });
      await app.request('POST', `/v1/accounts/${shop.accountId}/subscription`, { token: adminToken, body: { tier: shop.tier, branches: shop.branches } });
    }
    await app.worker.dueWork.settle();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  async function open(path: string, token: string, size: 'desktop' | 'phone' = 'desktop'): Promise<{ page: Page; problems: () => string[] }> {
    const context = await newViewer(browser, size);
    const page = await context.newPage();
    const problems = watchForBreakage(page);
    await page.goto(`${app.url}${path}#token=${token}`);
    return { page, problems };
  }

  test('the link signs in, keeps the token out of the address bar, and sign-out signs out', async () => {
    const { page, problems } = await open('/', adminToken);
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/console');
    assert.equal(new URL(page.url()).hash, '', 'the token left the address bar');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Billing ledger' }).waitFor();
    await page.reload();
    await page.getByLabel('Token').waitFor();
    await screenshot(page, 'sign-in');
    await assertAccessible(page, 'sign-in');
    assert.deepEqual(problems(), []);
    await page.context().close();
  });

  test('a pasted token signs in; what is not a token, an expired or a forged one gets a sentence', async () => {
    const context = await newViewer(browser, 'phone');
    const page = await context.newPage();
    await page.goto(app.url);
    const field = page.getByLabel('Token');
    await field.fill('hello');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('That is not a token').waitFor();
    assert.equal(await field.getAttribute('aria-invalid'), 'true');

    await field.fill(await app.token({ sub: 'late', role: 'finance' }, -30));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('Your sign-in has expired').waitFor();
    await screenshot(page, 'sign-in-expired-phone');
    await assertAccessible(page, 'sign-in with a notice');
    await assertNoSidewaysScroll(page, 'sign-in');

    await page.getByLabel('Token').fill('eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoiYWRtaW4iLCJzdWIiOiJ4In0.c2lnbmF0dXJl');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('This token is not valid for this ledger').waitFor();

    await page.getByLabel('Token').fill(`Bearer ${financeToken}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await context.close();
  });

  test('a vendor token never sees the console, whatever the address', async () => {
    const vendor = await app.token({ sub: 'owner', role: 'vendor', accountId: 'harbour-bakery' });
    const { page } = await open('/console/operations', vendor);
    await page.getByText('The console is for finance').waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Operations' }).count(), 0);
    await page.context().close();
  });

  test('the overview shows the API’s numbers: MRR, ARR, accounts by status, receivables', async () => {
    const { data: summary } = await apiClient(app.url, financeToken).GET('/v1/reports/summary');
    assert.ok(summary);
    // Pro + 1 extra branch (400p), Starter (100p), Starter (100p).
    assert.equal(summary.mrr.amount, 600);
    const { page, problems } = await open('/console', financeToken);
    await page.getByRole('heading', { name: 'Accounts by status' }).waitFor();
    assert.equal(await page.getByTestId('kpi-mrr').locator('.kpi-value').textContent(), gbp(600));
    assert.equal(await page.getByTestId('kpi-arr').locator('.kpi-value').textContent(), gbp(7200));
    const active = summary.accounts.byStatus.find((entry) => entry.status === 'active');
    assert.equal(await page.locator('[data-status-count="active"]').textContent(), `${active?.count} · ${gbp(active?.mrr.amount ?? -1)}`);
    const pastDue = summary.receivables.find((book) => book.currency === 'GBP')?.pastDue;
    assert.equal(await page.getByTestId('kpi-past-due').locator('.kpi-value').textContent(), gbp(pastDue?.amount ?? -1));
    const eurRow = page.getByTestId('receivables').getByRole('row').filter({ hasText: 'EUR' });
    const eur = summary.receivables.find((book) => book.currency === 'EUR');
    assert.match((await eurRow.textContent()) ?? '', new RegExp(formatMoney(eur?.open ?? { amount: -1, currency: 'EUR' }, { locale: 'en-GB' }).replace(/[.$]/g, '\\$&')));
    await waitForMrrChart(page);
    await screenshot(page, 'overview');
    await assertAccessible(page, 'overview');
    assert.deepEqual(problems(), []);
    await page.context().close();
  });

  test('on a phone the overview fits the screen', async () => {
    const { page } = await open('/console', financeToken, 'phone');
    await page.getByRole('heading', { name: 'Receivables' }).waitFor();
    await waitForMrrChart(page);
    await assertNoSidewaysScroll(page, 'overview on a phone');
    await screenshot(page, 'overview-phone');
    await page.context().close();
  });

  test('every console screen fits a 390 px phone with no sideways scrolling and passes axe-core there', async () => {
    const { data: invoices } = await apiClient(app.url, financeToken).GET('/v1/accounts/{id}/invoices', { params: { path: { id: 'harbour-bakery' } } });
    const invoice = invoices?.items[0];
    assert.ok(invoice);
    const screens = [
      { path: '/console/accounts', heading: 'Accounts', ready: '[data-testid="accounts"] tbody tr' },
      { path: '/console/accounts/harbour-bakery', heading: 'harbour bakery', ready: '[data-testid="timeline"] li' },
      { path: `/console/invoices/${invoice.invoiceId}`, heading: `Invoice ${invoice.number}`, ready: '[data-testid="invoice-lines"] tbody tr' },
      { path: '/console/reports', heading: 'Reports', ready: '[data-testid="trial-balance"]' },
      { path: '/console/rates', heading: 'Rates', ready: '[data-testid="exchange-rates"] tbody tr' },
      { path: '/console/operations', heading: 'Operations', ready: '[data-testid="followers"] tbody tr' },
    ];
    const { page, problems } = await open('/console', adminToken, 'phone');
    await waitForMrrChart(page);
    for (const screen of screens) {
      await page.goto(`${app.url}${screen.path}`);
      await page.getByRole('heading', { level: 1, name: screen.heading }).waitFor();
      await page.locator(screen.ready).first().waitFor();
      await assertNoSidewaysScroll(page, `${screen.path} on a phone`);
      await assertAccessible(page, `${screen.path} on a phone`);
      await screenshot(page, `phone-${screen.heading.startsWith('Invoice') ? 'invoice' : screen.path.split('/').slice(2).join('-')}`);
    }
    assert.deepEqual(problems(), []);
    await page.context().close();
  });

  test('operations: the followers are up to date, finance runs verify and sees it pass, and sees no admin action', async () => {
    const { page, problems } = await open('/console/operations', financeToken);
    await page.getByTestId('followers').getByRole('row').filter({ hasText: 'payment-collector' }).getByText('Up to date').waitFor();
    await page.getByText('Rebuilding a read model is for admins.').waitFor();
    assert.equal(await page.getByRole('button', { name: /Rebuild/ }).count(), 0);
    await page.getByRole('button', { name: 'Run verify' }).click();
    await page.locator('[data-testid="verify-result"][data-status="passed"]').waitFor({ timeout: 60_000 });
    assert.match((await page.getByTestId('verify-result').textContent()) ?? '', /every invariant holds/);
    await screenshot(page, 'operations');
    await assertAccessible(page, 'operations');
    assert.deepEqual(problems(), []);
    await page.context().close();
  });

  test('an admin sees the rebuild, which asks once more before it replays', async () => {
    const { page } = await open('/console/operations', adminToken);
    const row = page.getByTestId('followers').getByRole('row').filter({ hasText: 'invoices' }).first();
    await row.getByRole('button', { name: 'Rebuild invoices' }).click();
    await row.getByText('Replays every event into a copy of invoices, then swaps it in.').waitFor();
    await row.getByRole('button', { name: 'Confirm rebuild' }).click();
    await row.getByText(/Rebuilt from \d+ events\./).waitFor();
    await screenshot(page, 'operations-admin-rebuilt');
    await page.context().close();
  });

  test('a vendor pays an open invoice now: the portal asks once, the card on file is charged as the next attempt', async () => {
    const vendor = await app.token({ sub: 'owner@riverside-books.example', role: 'vendor', accountId: 'riverside-books' });
    const { data: account } = await apiClient(app.url, vendor).GET('/v1/accounts/{id}', { params: { path: { id: 'riverside-books' } } });
    const invoice = account?.openInvoices[0];
    assert.ok(invoice, 'the declined first invoice is open');
    const { page, problems } = await open('/portal', vendor, 'phone');
    const row = page.getByTestId('open-invoices').locator('tbody tr').first();
    await row.getByRole('button', { name: 'Pay now' }).click();
    assert.equal(await row.getByText(`Charge ${gbp(invoice.amountRemaining.amount)} to your card on file?`).count(), 1);
    await assertNoSidewaysScroll(page, 'pay now on a phone');
    await screenshot(page, 'vendor-pay-now-phone');
    await assertAccessible(page, 'pay now');
    await row.getByRole('button', { name: 'Confirm payment' }).click();
    await page.getByRole('status').getByText(`Payment of ${gbp(invoice.amountRemaining.amount)} requested; the charge follows.`).waitFor();
    await app.worker.dueWork.settle();
    const types = (await app.runtime.store.readStream('account-riverside-books')).map((event) => event.type);
    assert.deepEqual(types.slice(types.indexOf('PaymentRequested'), types.indexOf('PaymentRequested') + 2), ['PaymentRequested', 'PaymentFailed'], 'the declining card was charged again');
    assert.deepEqual(problems(), []);
    await page.context().close();
  });

  test('the keyboard alone: skip to the content, open a preview, Escape keeps the plan and nothing is sent', async () => {
    const vendor = await app.token({ sub: 'owner@harbour-bakery.example', role: 'vendor', accountId: 'harbour-bakery' });
    const { page, problems } = await open('/portal', vendor, 'phone');
    await page.getByRole('heading', { name: 'Your subscription' }).waitFor();
    const focused = () => page.evaluate<string>("document.activeElement ? (document.activeElement.getAttribute('aria-label') || document.activeElement.textContent || document.activeElement.id).trim() : ''");
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'Skip to content');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate<string>('document.activeElement?.id'), 'main', 'the skip link moves focus to the content');
    const events = (await app.runtime.store.readStream('account-harbour-bakery')).length;
    await page.getByRole('button', { name: 'Preview hibernating' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Hibernate?' });
    await dialog.waitFor();
    // Hibernating issues nothing now: the preview says so rather than showing an empty invoice.
    assert.equal(await dialog.getByTestId('preview-due-now').textContent(), 'Nothing is issued now.');
    assert.equal(await dialog.getByTestId('preview-document').count(), 0);
    await screenshot(page, 'vendor-hibernate-preview-phone', 'screen');
    assert.equal(await page.evaluate<boolean>("document.activeElement?.closest('dialog') !== null"), true, 'focus moved into the dialog');
    // Tab moves between the dialog's two choices; the page behind it is inert (a native modal dialog).
    assert.equal(await focused(), 'Keep my plan');
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'Hibernate');
    assert.equal(await page.evaluate<boolean>("document.querySelector('main').inert || document.querySelector('dialog').matches(':modal')"), true, 'the page behind is out of reach');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await focused(), 'Preview hibernating', 'focus returns to the button that opened it');
    assert.equal((await app.runtime.store.readStream('account-harbour-bakery')).length, events, 'nothing was sent');
    assert.deepEqual(problems(), []);
    await page.context().close();
  });

  test('rates: a rate the API refuses is explained beside its field and nothing is set; a good one joins the history', async () => {
    const { page, problems } = await open('/console/rates', financeToken);
    const form = page.getByRole('form', { name: 'Set an exchange rate' });
    await form.getByLabel('Currency').fill('USD');
    await form.getByLabel('Units per £1').fill('one point two');
    await form.getByRole('button', { name: 'Set rate' }).click();
    const error = form.locator('.field-error');
    await error.first().waitFor();
    assert.match((await error.first().textContent()) ?? '', /rate/i);
    assert.equal(await form.getByLabel('Units per £1').getAttribute('aria-invalid'), 'true');
    const history = await app.request('GET', '/v1/admin/exchange-rates', { token: financeToken });
    assert.ok(!history.body.items.some((item: { currency: string }) => item.currency === 'USD'), 'nothing was set');
    await screenshot(page, 'rates-refused');
    await form.getByLabel('Units per £1').fill('1.27');
    await form.getByRole('button', { name: 'Set rate' }).click();
    await page.getByText('USD is now 1.27 per £1.').waitFor();
    await page.getByTestId('exchange-rates').getByRole('row').filter({ hasText: 'USD' }).getByText('In force').waitFor();
    assert.deepEqual(problems(), []);
    await page.context().close();
  });

  test('rates: every exchange rate with the one in force, and the tax defaults', async () => {
    const { page, problems } = await open('/console/rates', financeToken);
    const rows = page.getByTestId('exchange-rates').getByRole('row').filter({ hasText: 'EUR' });
    await rows.first().waitFor();
    assert.deepEqual(await rows.evaluateAll((found) => found.map((row) => (row as unknown as { innerText: string }).innerText.includes('In force'))), [true, false]);
    assert.match((await rows.first().textContent()) ?? '', /1\.19/);
    await page.getByText('GB 20%').waitFor();
    await screenshot(page, 'rates');
    await assertAccessible(page, 'rates');
    assert.deepEqual(problems(), []);
    await page.context().close();
  });
  test('webhooks: an admin reads the endpoints and one endpoint’s deliveries as the API has them, retries one now, registers one, disables it and deletes it after a confirm step; finance sees none of it', async () => {
    const receiver = await startWebhookReceiver();
    try {
      const admin = apiClient(app.url, adminToken);
      receiver.answer({ status: 503 });
      const billing = ok(await admin.POST('/v1/webhook-endpoints', { body: { url: `${receiver.url}/billing`, eventTypes: ['AccountOpened'], description: 'Accounting system' } }));
      const old = ok(await admin.POST('/v1/webhook-endpoints', { body: { url: `${receiver.url}/old-crm`, eventTypes: ['*'] } }));
      ok(await admin.PATCH('/v1/webhook-endpoints/{endpointId}', { params: { path: { endpointId: old.endpointId } }, body: { status: 'disabled' } }));
      await app.request('POST', '/v1/accounts', { token: adminToken, body: { accountId: 'hooked-shop', businessName: 'Hooked Shop', email: 'owner@hooked-shop.example', currency: 'GBP', taxRegion: 'GB' } });
      const deliveriesOf = async () => ok(await admin.GET('/v1/webhook-endpoints/{endpointId}/deliveries', { params: { path: { endpointId: billing.endpointId } } })).items;
      await until(async () => (await deliveriesOf())[0]?.responseStatus === 503, 'the first attempt refused with 503 is recorded');
      const [refused] = await deliveriesOf();
      assert.equal(refused.status, 'pending');
      assert.ok(refused.nextAttemptAt);

      // Finance: neither the endpoints nor any action, even with an endpoint in the address.
      const seen = await open(`/console/operations?endpoint=${billing.endpointId}`, financeToken);
      await seen.page.getByTestId('webhooks-admin-only').waitFor();
      assert.equal(await seen.page.getByTestId('webhook-endpoints').count(), 0);
      assert.equal(await seen.page.getByRole('button', { name: /Retry now|Show deliveries|^Delete/ }).count(), 0);
      assert.deepEqual(seen.problems(), []);
      await seen.page.context().close();

      const { page, problems } = await open('/console/operations', adminToken);
      const endpoints = ok(await admin.GET('/v1/webhook-endpoints')).items;
      const rows = page.getByTestId('webhook-endpoints').locator('tbody tr');
      await rows.nth(endpoints.length - 1).waitFor();
      assert.equal(await rows.count(), endpoints.length);
      for (const [index, endpoint] of endpoints.entries()) {
        const row = rows.nth(index);
        assert.equal(await row.locator('td[data-label="URL"] .mono').textContent(), endpoint.url);
        assert.equal(await row.locator('td[data-label="Event types"]').textContent(), endpoint.eventTypes.includes('*') ? 'Every event' : endpoint.eventTypes.join(', '));
        assert.equal(await row.locator(`.badge-${endpoint.status}`).count(), 1, `${endpoint.url} is ${endpoint.status}`);
      }
      await rows.filter({ hasText: `${receiver.url}/billing` }).getByRole('button', { name: 'Show deliveries' }).click();
      assert.equal(new URL(page.url()).searchParams.get('endpoint'), billing.endpointId);
      const delivery = page.getByTestId('webhook-deliveries').locator('tbody tr').first();
      await delivery.locator('[data-delivery-status="pending"]').waitFor();
      assert.equal(await delivery.locator('[data-attempts]').textContent(), String(refused.attempt));
      assert.equal(await delivery.locator('td[data-label="Next attempt"] time').getAttribute('datetime'), refused.nextAttemptAt);
      assert.equal(await delivery.locator('[data-response-status]').getAttribute('data-response-status'), '503');
      assert.match((await delivery.locator('td[data-label="Event"]').textContent()) ?? '', new RegExp(`^AccountOpened${refused.eventId}$`));
      await screenshot(page, 'operations-webhooks-pending');
      await assertAccessible(page, 'webhook deliveries');

      // The receiver is back: retry now sends it at once, out of its schedule.
      receiver.answer({ status: 204 });
      await delivery.getByRole('button', { name: /^Retry now/ }).click();
      await delivery.locator('[data-delivery-status="succeeded"]').waitFor();
      const [delivered] = await deliveriesOf();
      assert.equal(delivered.status, 'succeeded');
      assert.equal(delivered.responseStatus, 204);
      assert.equal(await delivery.locator('[data-attempts]').textContent(), String(delivered.attempt));
      assert.equal(await delivery.locator('[data-response-status]').getAttribute('data-response-status'), '204');
      assert.equal(await delivery.getByRole('button', { name: /^Retry now/ }).count(), 0, 'a delivered event offers no retry');
      assert.equal(receiver.received.filter((request) => request.path === '/billing').length, 2, 'the first attempt and the retry');
      assert.equal(receiver.received.filter((request) => request.path === '/old-crm').length, 0, 'a disabled endpoint gets nothing');
      await screenshot(page, 'operations-webhooks-retried');

      // Registering one from the console: a refused URL leaves nothing behind; an accepted one shows
      // its signing secret once, and that secret is the one its deliveries are signed with.
      const form = page.getByRole('form', { name: 'Register an endpoint' });
      const registeredBefore = ok(await admin.GET('/v1/webhook-endpoints')).items.length;
      await form.getByLabel('URL').fill('ftp://hooks.example.com/billing');
      await form.getByRole('button', { name: 'Register' }).click();
      await form.getByText(/^Nothing was registered/).waitFor();
      assert.equal(ok(await admin.GET('/v1/webhook-endpoints')).items.length, registeredBefore);
      const syncUrl = `${receiver.url}/ledger-sync`;
      await form.getByLabel('URL').fill(syncUrl);
      await form.getByLabel('Event types').fill('AccountOpened');
      await form.getByLabel('Description (optional)').fill('Ledger sync');
      await form.getByRole('button', { name: 'Register' }).click();
      const secret = (await form.getByTestId('webhook-secret').textContent()) ?? '';
      assert.match(secret, /^whsec_[A-Za-z0-9+/]{32,}=*$/);
      assert.equal(await form.getByLabel('URL').inputValue(), '', 'the form is cleared for the next one');
      const created = ok(await admin.GET('/v1/webhook-endpoints')).items.find((endpoint) => endpoint.url === syncUrl);
      assert.ok(created, 'the API lists the endpoint registered in the console');
      assert.deepEqual([created.eventTypes, created.description, created.status], [['AccountOpened'], 'Ledger sync', 'enabled']);
      const syncRow = rows.filter({ hasText: syncUrl });
      await syncRow.waitFor();
      await app.request('POST', '/v1/accounts', { token: adminToken, body: { accountId: 'synced-shop', businessName: 'Synced Shop', email: 'owner@synced-shop.example', currency: 'GBP', taxRegion: 'GB' } });
      await receiver.waitFor((all) => all.some((request) => request.path === '/ledger-sync'), 15_000, 'a delivery to the endpoint registered in the console');
      const sent = receiver.received.find((request) => request.path === '/ledger-sync') as (typeof receiver.received)[number];
      const signature = createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64')).update(`${sent.headers['webhook-id']}.${sent.headers['webhook-timestamp']}.${sent.body}`).digest('base64');
      assert.ok(sent.headers['webhook-signature'].split(' ').includes(`v1,${signature}`), 'signed with the secret the console showed');
      await screenshot(page, 'operations-webhooks-registered');
      await assertAccessible(page, 'a webhook endpoint registered');

      // Disabled from its row: the API has it disabled, and the row says so.
      await syncRow.getByRole('button', { name: `Disable ${syncUrl}` }).click();
      await syncRow.locator('.badge-disabled').waitFor();
      assert.equal(ok(await admin.GET('/v1/webhook-endpoints/{endpointId}', { params: { path: { endpointId: created.endpointId } } })).status, 'disabled');

      // Deleted from its row, after a question in the row that says the delivery log goes too:
      // Keep (focused first) and Escape leave it registered; Confirm, by keyboard, deletes it.
      const listed = async () => ok(await admin.GET('/v1/webhook-endpoints', { params: { query: { limit: 100 } } })).items.map((endpoint) => endpoint.endpointId);
      const focused = () => page.evaluate<string>("document.activeElement ? (document.activeElement.getAttribute('aria-label') || document.activeElement.textContent || '').trim() : ''");
      await syncRow.getByRole('button', { name: `Delete ${syncUrl}` }).click();
      // The group is named by its question, which is what a screen reader reads on entering it.
      const question = syncRow.getByRole('group', { name: /^Delete \S+\/ledger-sync\? Its delivery log is deleted with it and cannot be brought back/ });
      await question.waitFor();
      assert.equal(await focused(), 'Keep');
      await screenshot(page, 'operations-webhooks-delete-confirm');
      await assertAccessible(page, 'the confirm step of deleting a webhook endpoint');
      await question.getByRole('button', { name: 'Keep' }).click();
      assert.equal(await question.count(), 0);
      assert.equal(await focused(), `Delete ${syncUrl}`, 'Keep gives the focus back to Delete');
      assert.ok((await listed()).includes(created.endpointId), 'Keep deletes nothing');
      await page.keyboard.press('Enter');
      await question.waitFor();
      await page.keyboard.press('Escape');
      assert.equal(await question.count(), 0, 'Escape keeps too');
      assert.equal(await focused(), `Delete ${syncUrl}`);
      await page.keyboard.press('Enter');
      await question.waitFor();
      await page.keyboard.press('Shift+Tab');
      assert.equal(await focused(), 'Confirm');
      await page.keyboard.press('Enter');
      await syncRow.waitFor({ state: 'detached' });
      assert.equal(await page.getByTestId('webhooks-announcement').textContent(), `Endpoint ${syncUrl} deleted.`);
      assert.equal(await page.evaluate<string>('document.activeElement?.id'), 'webhooks', 'the focus goes to the panel heading');
      assert.ok(!(await listed()).includes(created.endpointId), 'the API no longer lists the endpoint deleted in the console');

      // A refusal shows in the row: an endpoint deleted elsewhere after the page listed it.
      const oldRow = rows.filter({ hasText: old.url });
      assert.equal((await admin.DELETE('/v1/webhook-endpoints/{endpointId}', { params: { path: { endpointId: old.endpointId } } })).response.status, 204);
      await oldRow.getByRole('button', { name: `Delete ${old.url}` }).click();
      await oldRow.getByRole('button', { name: 'Confirm' }).click();
      await oldRow.getByRole('alert').getByText(/^Nothing was deleted\. There is no webhook endpoint/).waitFor();
      assert.deepEqual(problems(), []);
      await page.context().close();

      const phone = await open(`/console/operations?endpoint=${billing.endpointId}`, adminToken, 'phone');
      // Two by now: the retried one, and the account opened for the endpoint registered above.
      await phone.page.getByTestId('webhook-deliveries').locator('[data-delivery-status="succeeded"]').first().waitFor();
      await assertNoSidewaysScroll(phone.page, 'webhook deliveries on a phone');
      await assertAccessible(phone.page, 'webhook deliveries on a phone');
      await screenshot(phone.page, 'phone-operations-webhooks');
      await screenshotOf(phone.page.getByRole('region', { name: 'Webhook endpoints' }), 'phone-operations-webhooks-card');
      // The confirm step fits the row's card on a phone; Keep there too deletes nothing.
      const billingRow = phone.page.getByTestId('webhook-endpoints').locator('tbody tr').filter({ hasText: billing.url });
      await billingRow.getByRole('button', { name: `Delete ${billing.url}` }).click();
      await billingRow.getByRole('group').waitFor();
      await assertNoSidewaysScroll(phone.page, 'deleting a webhook endpoint on a phone');
      await assertAccessible(phone.page, 'deleting a webhook endpoint on a phone');
      await screenshot(phone.page, 'phone-operations-webhooks-delete-confirm');
      await screenshotOf(billingRow, 'phone-operations-webhooks-delete-confirm-row');
      await billingRow.getByRole('button', { name: 'Keep' }).click();
      await billingRow.getByRole('button', { name: `Delete ${billing.url}` }).waitFor();
      assert.ok(ok(await admin.GET('/v1/webhook-endpoints')).items.some((endpoint) => endpoint.endpointId === billing.endpointId));
      assert.deepEqual(phone.problems(), []);
      await phone.page.context().close();
    } finally {
      await receiver.close();
    }
  });

  test('webhooks: deleting the one endpoint on the last page goes back a page rather than show an empty list', async () => {
    const admin = apiClient(app.url, adminToken);
    const listed = async () => ok(await admin.GET('/v1/webhook-endpoints', { params: { query: { limit: 100 } } })).items;
    // Disabled, so that nothing is delivered to them; ten to a page in the console.
    const made: string[] = [];
    while ((await listed()).length < 11) {
      const endpoint = ok(await admin.POST('/v1/webhook-endpoints', { body: { url: `https://hooks.example.com/paging-${made.length}`, eventTypes: ['*'] } }));
      ok(await admin.PATCH('/v1/webhook-endpoints/{endpointId}', { params: { path: { endpointId: endpoint.endpointId } }, body: { status: 'disabled' } }));
      made.push(endpoint.endpointId);
    }
    try {
      const all = await listed();
      assert.equal(all.length, 11);
      const last = all[10];
      const { page, problems } = await open('/console/operations', adminToken);
      const panel = page.getByRole('region', { name: 'Webhook endpoints' });
      const rows = page.getByTestId('webhook-endpoints').locator('tbody tr');
      await rows.nth(9).waitFor();
      await panel.getByRole('button', { name: 'Next' }).click();
      await panel.getByText('Page 2').waitFor();
      await rows.filter({ hasText: last.url }).waitFor();
      assert.equal(await rows.count(), 1);
      await page.getByRole('button', { name: `Delete ${last.url}` }).click();
      await page.getByRole('button', { name: 'Confirm' }).click();
      // Page 1 shows from the cache at once (its pager still offering the next page) and then as
      // the API reads it now: its ten endpoints, and no pager, as one page is left.
      await until(async () => (await rows.count()) === 10 && (await panel.getByRole('navigation').count()) === 0, 'the first page with its ten endpoints and no pager');
      assert.equal(await panel.getByText('No endpoint is registered yet.').count(), 0);
      assert.equal(await page.getByTestId('webhooks-announcement').textContent(), `Endpoint ${last.url} deleted.`);
      assert.ok(!(await listed()).some((endpoint) => endpoint.endpointId === last.endpointId));
      assert.deepEqual(problems(), []);
      await page.context().close();
    } finally {
      for (const endpointId of made) await admin.DELETE('/v1/webhook-endpoints/{endpointId}', { params: { path: { endpointId } } });
    }
  });
});
