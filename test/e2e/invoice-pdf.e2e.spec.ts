// Invoice and credit-note PDFs over real HTTP: the document read back (pdfjs) carries every field
// and amount of GET /v1/invoices/{invoiceId}, the seller from configuration and the buyer from the
// account; it is the same bytes every time, also after `npm run ledger -- replay` rebuilds the read
// models; and only the account's vendor and finance may have it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { formatMoney } from '../../libs/domain/money/format';
import type { Money } from '../../libs/domain/money/money';
import { apiClient, ok, type ApiClient } from '../support/api-client';
import { readPdf } from '../support/pdf-text';
import { startTestApp, TEST_JWT_SECRET, type TestApp } from '../support/test-app';

const SELLER_ENV = { SELLER_NAME: 'Directory Ltd', SELLER_ADDRESS: '1 Quay Street\\nDublin 2\\nIreland', SELLER_TAX_ID: 'IE 9876543 W' };
const cli = join(__dirname, '..', '..', 'apps', 'cli', 'main.js');

/** An amount as the document's figure columns print it: the minus sign, not a hyphen. */
const printed = (money: Money) => formatMoney(money).replace(/^-/, '\u2212');

/**
 * The PDF through the typed client, as bytes: the client checks the answer against the document
 * (a 200 must be application/pdf and a PDF, an error a documented problem).
 */
async function pdfOf(client: ApiClient, invoiceId: string, after?: string) {
  const answer = await client.GET('/v1/invoices/{invoiceId}/pdf', { params: { path: { invoiceId }, query: after ? { after } : {} }, parseAs: 'arrayBuffer' });
  return { status: answer.response.status, headers: answer.response.headers, bytes: Buffer.from(answer.data ?? new ArrayBuffer(0)), problem: answer.error };
}

describe('invoice PDFs over HTTP', () => {
  let app: TestApp;
  /** Typed clients (test/support/api-client.ts): every answer is checked against the document. */
  let admin: ApiClient;
  let finance: ApiClient;
  let upgradeId: string;
  let creditNoteId: string;
  let paidInvoiceNumber: string;

  const invoiceOf = async (invoiceId: string) => ok(await finance.GET('/v1/invoices/{invoiceId}', { params: { path: { invoiceId } } }));

  before(async () => {
    app = await startTestApp(SELLER_ENV, '2026-03-01T09:00:00.000Z');
    admin = apiClient(app.url, await app.token({ sub: 'admin', role: 'admin' }));
    finance = apiClient(app.url, await app.token({ sub: 'finance', role: 'finance' }));
    const cafe = { params: { path: { id: 'cafe' } } };
    ok(await admin.PUT('/v1/admin/exchange-rates/{currency}', { params: { path: { currency: 'EUR' } }, body: { rate: '1.17' } }));
    ok(await admin.POST('/v1/accounts', { body: { accountId: 'cafe', businessName: 'Café Ó Briain & Müller (Łódź)', email: 'owner@cafe.example', currency: 'EUR', taxRegion: 'IE' } }));
    ok(await admin.POST('/v1/accounts/{id}/subscription', { ...cafe, body: { tier: 'starter', branches: 2 } }));
    ok(await admin.POST('/v1/admin/clock', { body: { now: '2026-03-17T10:00:00.000Z' } }));
    const upgraded = ok(await admin.POST('/v1/accounts/{id}/subscription/tier', { ...cafe, body: { tier: 'pro' } }));
    upgradeId = upgraded.account.openInvoices.find((invoice) => invoice.issuedAt === '2026-03-17T10:00:00.000Z')?.invoiceId as string;
    ok(await admin.POST('/v1/accounts/{id}/payments', { ...cafe, body: { invoiceId: upgradeId, amount: { amount: 50, currency: 'EUR' }, reference: 'bank-part' } }));

    // A GBP account paid in full and then refunded in part: the refund issues a credit note.
    const shop = { params: { path: { id: 'refunded' } } };
    ok(await admin.POST('/v1/accounts', { body: { accountId: 'refunded', businessName: 'Refunded Shop', email: 'shop@refunded.example', currency: 'GBP', taxRegion: 'GB' } }));
    const subscribed = ok(await admin.POST('/v1/accounts/{id}/subscription', { ...shop, body: { tier: 'pro', branches: 1 } }));
    const [invoice] = subscribed.account.openInvoices;
    const paid = ok(await admin.POST('/v1/accounts/{id}/payments', { ...shop, body: { invoiceId: invoice.invoiceId, amount: invoice.amountRemaining, reference: 'bank-full' } }));
    const refunded = ok(await admin.POST('/v1/payments/{paymentId}/refunds', { params: { path: { paymentId: paid.payment.paymentId } }, body: { amount: { amount: 120, currency: 'GBP' }, reason: 'listing outage' } }));
    creditNoteId = refunded.refund.creditNoteId as string;
    await app.worker.dueWork.settle();
    paidInvoiceNumber = (await invoiceOf(invoice.invoiceId)).number;
  });
  after(async () => app?.close());

  test("an invoice's PDF carries every field and amount the API shows for it", async () => {
    const invoice = await invoiceOf(upgradeId);
    const document = await pdfOf(finance, upgradeId);

    assert.equal(document.status, 200);
    assert.equal(document.headers.get('content-type'), 'application/pdf');
    assert.equal(document.headers.get('content-disposition'), `attachment; filename="${invoice.number}.pdf"`);
    const runs = (await readPdf(document.bytes)).text.split('\n');
    const expected = [
      'Directory Ltd', '1 Quay Street', 'Dublin 2', 'Tax registration no. IE 9876543 W',
      'Café Ó Briain & Müller (Łódź)', 'owner@cafe.example', 'Account cafe', `Tax region ${invoice.taxRegion}`,
      'Invoice', invoice.number, '17 March 2026', 'Exchange rate', '£1 = 1.17 EUR', 'Upgrade', 'Open', 'EUR',
      ...invoice.lines.flatMap((line) => [line.description, String(line.quantity).replace(/^-/, '\u2212'), printed(line.amount)]),
      `Tax (IE 23%)`, printed(invoice.subtotal), printed(invoice.tax), printed(invoice.total), printed({ ...invoice.creditApplied, amount: -invoice.creditApplied.amount }),
      printed(invoice.amountDue), printed(invoice.amountPaid), printed(invoice.amountRemaining),
    ];
    for (const field of expected) assert.ok(runs.includes(field), `"${field}" is not on the document:\n${runs.join('\n')}`);
    assert.equal(invoice.amountPaid.amount, 50, 'the part payment is on the invoice');
    assert.ok(runs.includes('€0.50'), 'the amount paid is printed as €0.50');
  });

  test("a refund's credit note says so and names the invoice it credits", async () => {
    const note = await invoiceOf(creditNoteId);
    const document = await pdfOf(finance, creditNoteId);

    assert.equal(document.status, 200);
    assert.equal(note.kind, 'credit_note');
    assert.equal(document.headers.get('content-disposition'), `attachment; filename="${note.number}.pdf"`);
    const content = await readPdf(document.bytes);
    for (const field of ['Credit note', note.number, 'Credits invoice', paidInvoiceNumber, printed(note.total), 'Refund: listing outage']) {
      assert.ok(content.text.split('\n').includes(field), `"${field}" is not on the credit note:\n${content.text}`);
    }
  });

  test('the same invoice gives the same bytes every time, also after npm run ledger -- replay', async () => {
    const first = await pdfOf(finance, upgradeId);
    const second = await pdfOf(finance, upgradeId);
    assert.ok(first.bytes.equals(second.bytes));

    const env = { ...process.env, DATABASE_URL: app.runtime.databaseUrl, JWT_SECRET: TEST_JWT_SECRET, DATA_DIR: mkdtempSync(join(tmpdir(), 'pdf-replay-')), LOG_LEVEL: 'silent' };
    await promisify(execFile)(process.execPath, [cli, 'replay'], { env, timeout: 120_000 });

    const replayed = await pdfOf(finance, upgradeId);
    assert.equal(replayed.status, 200);
    assert.ok(replayed.bytes.equals(first.bytes), 'the document changed after a replay of the ledger');
    assert.ok((await pdfOf(finance, creditNoteId)).bytes.length > 0);
  });

  test('the vendor has its own documents, another vendor gets 404, finance gets any', async () => {
    const owner = apiClient(app.url, await app.token({ sub: 'cafe-owner', role: 'vendor', accountId: 'cafe' }));
    const stranger = apiClient(app.url, await app.token({ sub: 'other-owner', role: 'vendor', accountId: 'refunded' }));

    assert.equal((await pdfOf(owner, upgradeId)).status, 200);
    const other = await pdfOf(stranger, upgradeId);
    assert.equal(other.status, 404);
    assert.equal(other.problem?.code, 'INVOICE_NOT_FOUND');
    assert.equal((await pdfOf(stranger, creditNoteId)).status, 200);
    assert.equal((await pdfOf(finance, '01900000-0000-7000-8000-000000000000')).problem?.code, 'INVOICE_NOT_FOUND');
    const malformed = await pdfOf(finance, 'not an id');
    assert.equal(malformed.status, 400);
    assert.equal(malformed.problem?.errors?.[0]?.field, 'invoiceId');
  });
});

describe('invoice PDFs without a configured seller', () => {
  test('outside production the document is marked as a specimen instead of failing', async () => {
    const app = await startTestApp();
    try {
      const admin = apiClient(app.url, await app.token({ sub: 'admin', role: 'admin' }));
      ok(await admin.POST('/v1/accounts', { body: { accountId: 'plain', businessName: 'Plain', email: 'plain@example.com', currency: 'GBP', taxRegion: 'GB' } }));
      const subscribed = ok(await admin.POST('/v1/accounts/{id}/subscription', { params: { path: { id: 'plain' } }, body: { tier: 'starter', branches: 1 } }));
      const [{ invoiceId }] = subscribed.account.openInvoices;
      const document = await pdfOf(admin, invoiceId, subscribed.position);
      assert.equal(document.status, 200);
      const { text } = await readPdf(document.bytes);
      assert.match(text, /SPECIMEN: the seller is not configured/);
    } finally {
      await app.close();
    }
  });
});
