// A coupon's discount on every face of a document, over real HTTP on the manual clock: the preview
// of an upgrade shows the discount line the upgrade then issues, the upcoming invoice shows the one
// the renewal then issues, and the invoice's PDF prints it with its coupon code, no period under
// it, and totals that take it off before tax. Amounts worked out by hand (GBP, GB 20 % tax):
//
//  1 Mar  subscribe Pro, 1 branch, period [1 Mar, 1 Apr) = 31 days; card tok_ok pays each invoice
//  5 Mar  redeem SPRING-25 (25 %, repeating 3 months)
// 17 Mar  upgrade to Enterprise, 15 of 31 days left
//           −300 × 15/31 = −145.161 → −145;  +500 × 15/31 = 241.935 → 242        97
//           discount 25 % of 97 = 24.25 → −24                                     73 → tax 14.6 → 15 → 88
//  1 Apr  renewal [1 Apr, 1 May): Enterprise 500, discount −125                  375 → tax 75 → 450
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiClient, ok, type ApiClient } from '../support/api-client';
import { readPdf } from '../support/pdf-text';
import { documentsIssuedAfter, runCommand, runPreview, streamRevision } from '../support/preview-support';
import { startTestApp, type TestApp } from '../support/test-app';

const summary = (document: { lines: ReadonlyArray<{ kind: string; description: string; amount: { amount: number } }>; subtotal: { amount: number }; tax: { amount: number }; total: { amount: number } }) => ({
  lines: document.lines.map((line) => [line.kind, line.description, line.amount.amount]),
  subtotal: document.subtotal.amount,
  tax: document.tax.amount,
  total: document.total.amount,
});

describe('a discounted account: preview, upcoming invoice and PDF', () => {
  let app: TestApp;
  let vendor: ApiClient;
  let finance: ApiClient;
  let admin: ApiClient;
  let upgradeId: string;
  const id = 'spring-florist';
  const account = { params: { path: { id } } };

  before(async () => {
    app = await startTestApp({}, '2026-03-01T09:00:00.000Z');
    vendor = apiClient(app.url, await app.token({ sub: 'florist', role: 'vendor', accountId: id }));
    finance = apiClient(app.url, await app.token({ sub: 'finance', role: 'finance' }));
    admin = apiClient(app.url, await app.token({ sub: 'admin', role: 'admin' }));
    ok(await vendor.POST('/v1/accounts', { body: { accountId: id, businessName: 'Spring Florist', email: 'owner@florist.example', currency: 'GBP', taxRegion: 'GB' } }));
    ok(await vendor.PUT('/v1/accounts/{id}/payment-method', { ...account, body: { gateway: 'sandbox', token: 'tok_ok' } }));
    ok(await vendor.POST('/v1/accounts/{id}/subscription', { ...account, body: { tier: 'pro', branches: 1 } }));
    ok(await finance.POST('/v1/coupons', { body: { code: 'SPRING-25', percentOff: '25', duration: 'repeating', months: 3 } }));
    ok(await admin.POST('/v1/admin/clock', { body: { now: '2026-03-05T10:00:00.000Z' } }));
    ok(await vendor.POST('/v1/accounts/{id}/discount', { ...account, body: { code: 'SPRING-25' } }));
    ok(await admin.POST('/v1/admin/clock', { body: { now: '2026-03-17T10:00:00.000Z' } }));
    await app.worker.dueWork.settle();
  });
  after(async () => app?.close());

  test('the preview of an upgrade shows its discount line, and the upgrade issues exactly that', async () => {
    const revision = await streamRevision(app, id);
    const preview = await runPreview(vendor, id, 'changeTier', { tier: 'enterprise' });
    assert.equal(preview.status, 200, JSON.stringify(preview.body));
    assert.deepEqual(preview.body.documents.map(summary), [{
      lines: [['tier_credit', 'Unused time on Pro', -145], ['tier_charge', 'Remaining time on Enterprise', 242], ['discount', 'Discount (SPRING-25)', -24]],
      subtotal: 73, tax: 15, total: 88,
    }]);
    const command = await runCommand(vendor, id, 'changeTier', { tier: 'enterprise' });
    assert.equal(command.status, 200, JSON.stringify(command.body));
    const issued = await documentsIssuedAfter(app, finance, id, revision, command.body.position);
    assert.deepEqual(preview.body.documents, issued);
    const events = await app.runtime.store.readStream(`account-${id}`, { fromRevision: revision + 1 });
    upgradeId = (events.find((event) => event.type === 'InvoiceIssued')?.data as { invoiceId: string }).invoiceId;
  });

  test("the upcoming invoice takes the discount off the renewal, and the renewal is that invoice", async () => {
    const upcoming = ok(await vendor.GET('/v1/accounts/{id}/upcoming-invoice', account));
    assert.deepEqual(summary(upcoming), { lines: [['tier', 'Enterprise tier', 500], ['discount', 'Discount (SPRING-25)', -125]], subtotal: 375, tax: 75, total: 450 });

    ok(await admin.POST('/v1/admin/clock', { body: { now: '2026-04-01T00:00:00.000Z' } }));
    await app.worker.dueWork.settle();
    const listed = ok(await finance.GET('/v1/accounts/{id}/invoices', { params: { path: { id }, query: { limit: 1 } } }));
    const [renewal] = listed.items;
    assert.equal(renewal.reason, 'renewal');
    assert.deepEqual({ ...renewal, invoiceId: null, id: null, number: null, status: upcoming.status, amountPaid: upcoming.amountPaid, amountRemaining: upcoming.amountRemaining }, upcoming);
  });

  test("the invoice's PDF prints the discount line with its coupon code, no period under it, and the discounted totals", async () => {
    const answer = await finance.GET('/v1/invoices/{invoiceId}/pdf', { params: { path: { invoiceId: upgradeId } }, parseAs: 'arrayBuffer' });
    assert.equal(answer.response.status, 200);
    const content = await readPdf(Buffer.from(answer.data as ArrayBuffer));
    const texts = content.runs.map((run) => run.text);
    for (const field of ['Unused time on Pro', 'Remaining time on Enterprise', 'Discount (SPRING-25)', '\u2212£0.24', '£0.73', '£0.15', '£0.88']) {
      assert.ok(texts.includes(field), `"${field}" is not a text run of the document:\n${texts.join('\n')}`);
    }
    // The two proration lines say which days they bill; the discount line, which bills none, says nothing.
    assert.equal(texts.filter((text) => text === '15 of 31 days of the billing period').length, 2, texts.join('\n'));
    const discount = content.runs.find((run) => run.text === 'Discount (SPRING-25)');
    const below = content.runs.filter((run) => run.page === discount?.page && run.x === discount.x && run.y > (discount?.y ?? 0)).sort((a, b) => a.y - b.y)[0];
    assert.ok(below === undefined || !/days|period/i.test(below.text), `the discount line has "${below?.text}" under it`);
  });
});
