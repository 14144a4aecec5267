// Each issued document becomes one accrual-basis tax row on its issue date; credit notes count negative.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { taxDocumentOf } from './tax.evolve';
import { creditNote, invoiceIssued, paymentRecorded, TestFeed } from '../invoices/finance-events.fixtures';

describe('tax evolve', () => {
  const feed = new TestFeed();

  test('an invoice records its region, currency, issue date, rate, taxable amount and tax', () => {
    const row = taxDocumentOf(feed.event('shop', invoiceIssued({ invoiceId: 'i1', issuedAt: '2026-03-17T23:30:00.000Z', taxRegion: 'CA-ON', currency: 'CAD', taxRate: '0.13', subtotal: 170, tax: 22, total: 192 })));
    assert.deepEqual(row, {
      documentId: 'i1', accountId: 'shop', kind: 'invoice', region: 'CA-ON', currency: 'CAD', issueDate: '2026-03-17', issuedAt: '2026-03-17T23:30:00.000Z',
      taxRate: '0.13', taxableAmount: 170, tax: 22,
    });
  });

  test('a credit note reduces both amounts', () => {
    const row = taxDocumentOf(feed.event('shop', creditNote('c1', -48, -10)));
    assert.equal(row?.kind, 'credit_note');
    assert.equal(row?.taxableAmount, -48);
    assert.equal(row?.tax, -10);
  });

  test('payments are cash, not accrual: they make no tax row', () => {
    assert.equal(taxDocumentOf(feed.event('shop', paymentRecorded('i1', 120, 120))), undefined);
  });
});
