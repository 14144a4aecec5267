// Invoice and credit-note PDFs over real HTTP: the document read back (pdfjs) carries every field
// and amount of GET /v1/invoices/{id}, the seller from configuration and the buyer from the
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
import { readPdf } from '../support/pdf-text';
import { startTestApp, TEST_JWT_SECRET, type TestApp } from '../support/test-app';

const SELLER_ENV = { SELLER_NAME: 'Directory Ltd', SELLER_ADDRESS: '1 Quay Street\\nDublin 2\\nIreland', SELLER_TAX_ID: 'IE 9876543 W' };
const cli = join(__dirname, '..', '..', 'apps', 'cli', 'main.js');

/** An amount as the document's figure columns print it: the minus sign, not a hyphen. */
const printed = (money: Money) => formatMoney(money).replace(/^-/, '\u2212');

describe('invoice PDFs over HTTP', () => {
  let app: TestApp;
  let admin: string;
  let finance: string;
  let upgradeId: string;
  let creditNoteId: string;
  let paidInvoiceNumber: string;

  const pdf = async (invoiceId: string, token: string) => {
    const response = await fetch(`${app.url}/v1/invoices/${invoiceId}/pdf`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
  };
  const request = async (method: string, path: string, body?: unknown, status = [200, 201]) => {
    const answer = await app.request(method, path, { token: admin, body });
    assert.ok(status.includes(answer.status), `${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };

  before(async () => {
    app = await startTestApp(SELLER_ENV, '2026-03-01T09:00:00.000Z');
    admin = await app.token({ sub: 'admin', role: 'admin' });
    finance = await app.token({ sub: 'finance', role: 'finance' });
    await request('PUT', '/v1/admin/exchange-rates/EUR', { rate: '1.17' });
    await request('POST', '/v1/accounts', { accountId: 'cafe', businessName: 'Café Ó Briain & Müller (Łódź)', email: 'owner@cafe.example', currency: 'EUR', taxRegion: 'IE' });
    await request('POST', '/v1/accounts/cafe/subscription', { tier: 'starter', branches: 2 });
    await request('POST', '/v1/admin/clock', { now: '2026-03-17T10:00:00.000Z' });
    const upgraded = await request('POST', '/v1/accounts/cafe/subscription/tier', { tier: 'pro' });
    upgradeId = upgraded.account.openInvoices.find((invoice: { issuedAt: string }) => invoice.issuedAt === '2026-03-17T10:00:00.000Z').invoiceId;
    await request('POST', '/v1/accounts/cafe/payments', { invoiceId: upgradeId, amount: { amount: 50, currency: 'EUR' }, reference: 'bank-part' });

    // A GBP account paid in full and then refunded in part: the refund issues a credit note.
    await request('POST', '/v1/accounts', { accountId: 'refunded', businessName: 'Refunded Shop', email: 'shop@refunded.example', currency: 'GBP', taxRegion: 'GB' });
    const subscribed = await request('POST', '/v1/accounts/refunded/subscription', { tier: 'pro', branches: 1 });
    const [invoice] = subscribed.account.openInvoices;
    const paid = await request('POST', '/v1/accounts/refunded/payments', { invoiceId: invoice.invoiceId, amount: invoice.amountRemaining, reference: 'bank-full' });
    const refunded = await request('POST', `/v1/payments/${paid.payment.paymentId}/refunds`, { amount: { amount: 120, currency: 'GBP' }, reason: 'listing outage' });
    creditNoteId = refunded.refund.creditNoteId;
    await app.worker.dueWork.settle();
    paidInvoiceNumber = (await app.request('GET', `/v1/invoices/${invoice.invoiceId}`, { token: finance })).body.number;
  });
  after(async () => app?.close());

  test("an invoice's PDF carries every field and amount the API shows for it", async () => {
    const { body: invoice } = await app.request('GET', `/v1/invoices/${upgradeId}`, { token: finance });
    const document = await pdf(upgradeId, finance);

    assert.equal(document.status, 200);
    assert.equal(document.headers.get('content-type'), 'application/pdf');
    assert.equal(document.headers.get('content-disposition'), `attachment; filename="${invoice.number}.pdf"`);
    const runs = (await readPdf(document.bytes)).text.split('\n');
    const expected = [
      'Directory Ltd', '1 Quay Street', 'Dublin 2', 'Tax registration no. IE 9876543 W',
      'Café Ó Briain & Müller (Łódź)', 'owner@cafe.example', 'Account cafe', `Tax region ${invoice.taxRegion}`,
      'Invoice', invoice.number, '17 March 2026', 'Exchange rate', '£1 = 1.17 EUR', 'Upgrade', 'Open', 'EUR',
      ...invoice.lines.flatMap((line: { description: string; quantity: number; amount: Money }) => [line.description, String(line.quantity).replace(/^-/, '\u2212'), printed(line.amount)]),
      `Tax (IE 23%)`, printed(invoice.subtotal), printed(invoice.tax), printed(invoice.total), printed({ ...invoice.creditApplied, amount: -invoice.creditApplied.amount }),
      printed(invoice.amountDue), printed(invoice.amountPaid), printed(invoice.amountRemaining),
    ];
    for (const field of expected) assert.ok(runs.includes(field), `"${field}" is not on the document:\n${runs.join('\n')}`);
    assert.equal(invoice.amountPaid.amount, 50, 'the part payment is on the invoice');
    assert.ok(runs.includes('€0.50'), 'the amount paid is printed as €0.50');
  });

  test("a refund's credit note says so and names the invoice it credits", async () => {
    const { body: note } = await app.request('GET', `/v1/invoices/${creditNoteId}`, { token: finance });
    const document = await pdf(creditNoteId, finance);

    assert.equal(document.status, 200);
    assert.equal(note.kind, 'credit_note');
    assert.equal(document.headers.get('content-disposition'), `attachment; filename="${note.number}.pdf"`);
    const content = await readPdf(document.bytes);
    for (const field of ['Credit note', note.number, 'Credits invoice', paidInvoiceNumber, printed(note.total), 'Refund: listing outage']) {
      assert.ok(content.text.split('\n').includes(field), `"${field}" is not on the credit note:\n${content.text}`);
    }
  });

  test('the same invoice gives the same bytes every time, also after npm run ledger -- replay', async () => {
    const first = await pdf(upgradeId, finance);
    const second = await pdf(upgradeId, finance);
    assert.ok(first.bytes.equals(second.bytes));

    const env = { ...process.env, DATABASE_URL: app.runtime.databaseUrl, JWT_SECRET: TEST_JWT_SECRET, DATA_DIR: mkdtempSync(join(tmpdir(), 'pdf-replay-')), LOG_LEVEL: 'silent' };
    await promisify(execFile)(process.execPath, [cli, 'replay'], { env, timeout: 120_000 });

    const replayed = await pdf(upgradeId, finance);
    assert.equal(replayed.status, 200);
    assert.ok(replayed.bytes.equals(first.bytes), 'the document changed after a replay of the ledger');
    assert.ok((await pdf(creditNoteId, finance)).bytes.length > 0);
  });

  test('the vendor has its own documents, another vendor gets 404, finance gets any', async () => {
    const owner = await app.token({ sub: 'cafe-owner', role: 'vendor', accountId: 'cafe' });
    const stranger = await app.token({ sub: 'other-owner', role: 'vendor', accountId: 'refunded' });

    assert.equal((await pdf(upgradeId, owner)).status, 200);
    const other = await app.request('GET', `/v1/invoices/${upgradeId}/pdf`, { token: stranger });
    assert.equal(other.status, 404);
    assert.equal(other.body.code, 'INVOICE_NOT_FOUND');
    assert.equal((await pdf(creditNoteId, stranger)).status, 200);
    assert.equal((await app.request('GET', '/v1/invoices/01900000-0000-7000-8000-000000000000/pdf', { token: finance })).body.code, 'INVOICE_NOT_FOUND');
    assert.equal((await app.request('GET', '/v1/invoices/not%20an%20id/pdf', { token: finance })).status, 400);
  });
});

describe('invoice PDFs without a configured seller', () => {
  test('outside production the document is marked as a specimen instead of failing', async () => {
    const app = await startTestApp();
    try {
      const admin = await app.token({ sub: 'admin', role: 'admin' });
      await app.request('POST', '/v1/accounts', { token: admin, body: { accountId: 'plain', businessName: 'Plain', email: 'plain@example.com', currency: 'GBP', taxRegion: 'GB' } });
      const subscribed = await app.request('POST', '/v1/accounts/plain/subscription', { token: admin, body: { tier: 'starter', branches: 1 } });
      const [{ invoiceId }] = subscribed.body.account.openInvoices;
      const response = await fetch(`${app.url}/v1/invoices/${invoiceId}/pdf?after=${subscribed.body.position}`, { headers: { authorization: `Bearer ${admin}` } });
      assert.equal(response.status, 200);
      const { text } = await readPdf(Buffer.from(await response.arrayBuffer()));
      assert.match(text, /SPECIMEN: the seller is not configured/);
    } finally {
      await app.close();
    }
  });
});
