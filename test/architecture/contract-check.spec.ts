// The check every test answer goes through (test/support/contract-check.ts), on what the documents
// change added: the document describes GET /v1/invoices/{invoiceId}/pdf as an application/pdf
// binary, so a PDF passes, and an empty body, bytes that are no PDF, or another media type is a
// breach; and a document with a coupon's `discount` line is a valid invoice and a valid preview.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RENEWAL_EUR } from '../../libs/application/documents/invoice-pdf.fixtures';
import { checkAnswer, ContractBreach } from '../support/contract-check';

const PDF_ROUTE = '/v1/invoices/{invoiceId}/pdf';
const check = (contentType: string, body: unknown) => () => checkAnswer('GET', PDF_ROUTE, 200, contentType, body);

describe('the contract check on a binary answer', () => {
  test('a PDF passes, as bytes (the typed client) or as decoded text (a raw request)', () => {
    assert.doesNotThrow(check('application/pdf', new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n')));
    assert.doesNotThrow(check('application/pdf', '%PDF-1.7\n'));
  });

  test('an empty body, bytes that are not a PDF, or another media type breaks the contract', () => {
    assert.throws(check('application/pdf', new Uint8Array(0)), ContractBreach);
    assert.throws(check('application/pdf', undefined), ContractBreach);
    assert.throws(check('application/pdf', new TextEncoder().encode('<html>not a pdf</html>')), /not a PDF/);
    assert.throws(check('application/json', { invoiceId: 'x' }), /the document says application\/pdf/);
  });

  test('a documented refusal of the same route is still held to its problem schema', () => {
    const problem = { type: 'https://billing-ledger.dev/problems/invoice-not-found', title: 'Not Found', status: 404, detail: 'No invoice has the id x. Check it.', code: 'INVOICE_NOT_FOUND' };
    assert.doesNotThrow(() => checkAnswer('GET', PDF_ROUTE, 404, 'application/problem+json', problem));
    assert.throws(() => checkAnswer('GET', PDF_ROUTE, 404, 'application/problem+json', { ...problem, extra: true }), ContractBreach);
  });
});

describe('the contract check on documents with a discount line', () => {
  const discount = { ...RENEWAL_EUR.lines[0], kind: 'discount', description: 'Discount (SPRING-10)', unitAmountGbp: null, amount: { amount: -95, currency: 'EUR' } };
  const invoice = { ...RENEWAL_EUR, lines: [...RENEWAL_EUR.lines, discount] };
  const previewed = { ...invoice, invoiceId: null, id: null, number: null };

  test('an invoice, an upcoming invoice and a preview may hold a discount line', () => {
    assert.doesNotThrow(() => checkAnswer('GET', '/v1/invoices/{invoiceId}', 200, 'application/json', invoice));
    assert.doesNotThrow(() => checkAnswer('GET', '/v1/accounts/{id}/upcoming-invoice', 200, 'application/json', previewed));
  });

  test('a line kind the document does not list breaks the contract, and so does an issued invoice without its number', () => {
    const coupon = { ...invoice, lines: [{ ...discount, kind: 'coupon' }] };
    assert.throws(() => checkAnswer('GET', '/v1/invoices/{invoiceId}', 200, 'application/json', coupon), /kind/);
    assert.throws(() => checkAnswer('GET', '/v1/accounts/{id}/upcoming-invoice', 200, 'application/json', { ...previewed, lines: coupon.lines }), /kind/);
    assert.throws(() => checkAnswer('GET', '/v1/invoices/{invoiceId}', 200, 'application/json', { ...invoice, number: null }), ContractBreach);
  });
});
