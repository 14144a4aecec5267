// The invoices read model numbers documents gap-free per series in feed order and tracks payments and status.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { amountRemainingOf, emptyBook, evolveInvoiceBook, formatNumber, type InvoiceBook } from './invoices.evolve';
import { creditNote, invoiceIssued, invoicePaid, paymentRecorded, TestFeed } from './finance-events.fixtures';
import type { StoredEvent } from '../../libs/event-store/event-store.port';

function bookOf(events: readonly StoredEvent[], book: InvoiceBook = emptyBook()): InvoiceBook {
  for (const event of events) evolveInvoiceBook(book, event);
  return book;
}

describe('invoices evolve', () => {
  test('numbers have six digits behind the series prefix', () => {
    assert.equal(formatNumber('invoice', 1), 'INV-000001');
    assert.equal(formatNumber('credit_note', 42), 'CN-000042');
  });

  test('given invoices and credit notes of two accounts, each series counts up in feed order without gaps', () => {
    const feed = new TestFeed();
    const book = bookOf([
      feed.event('a', invoiceIssued({ invoiceId: 'a-1' })),
      feed.event('b', invoiceIssued({ invoiceId: 'b-1' })),
      feed.event('a', creditNote('a-2', -48, -10)),
      feed.event('b', invoiceIssued({ invoiceId: 'b-2' })),
      feed.event('a', creditNote('a-3', -5, -1)),
    ]);
    const numbers = Object.fromEntries([...book.records.values()].map((record) => [record.invoiceId, record.number]));
    assert.deepEqual(numbers, { 'a-1': 'INV-000001', 'b-1': 'INV-000002', 'a-2': 'CN-000001', 'b-2': 'INV-000003', 'a-3': 'CN-000002' });
    assert.deepEqual(book.counters, { invoice: 3, credit_note: 2 });
  });

  test('numbering continues from the stored counters of earlier batches', () => {
    const book = emptyBook();
    book.counters.invoice = 7;
    bookOf([new TestFeed().event('a', invoiceIssued({ invoiceId: 'x' }))], book);
    assert.equal(book.records.get('x')?.number, 'INV-000008');
  });

  test('an invoice opens with its whole amount due remaining; a credit note is settled at issue', () => {
    const feed = new TestFeed();
    const book = bookOf([feed.event('a', invoiceIssued({ invoiceId: 'i', creditApplied: 20, amountDue: 100 })), feed.event('a', creditNote('c', -48, -10))]);
    const invoice = book.records.get('i');
    assert.equal(invoice?.status, 'open');
    assert.equal(invoice && amountRemainingOf(invoice), 100);
    const note = book.records.get('c');
    assert.equal(note?.status, 'paid');
    assert.equal(note && amountRemainingOf(note), 0);
  });

  test('partial payments accumulate the part applied to the invoice, and InvoicePaid closes it', () => {
    const feed = new TestFeed();
    const book = bookOf([feed.event('a', invoiceIssued({ invoiceId: 'i' })), feed.event('a', paymentRecorded('i', 50, 50, 'sandbox', 'p1'))]);
    assert.equal(book.records.get('i')?.amountPaid, 50);
    assert.equal(amountRemainingOf(book.records.get('i') as never), 70);
    bookOf([feed.event('a', paymentRecorded('i', 100, 70, 'sandbox', 'p2')), feed.event('a', invoicePaid('i'))], book);
    const paid = book.records.get('i');
    assert.equal(paid?.amountPaid, 120);
    assert.equal(paid?.status, 'paid');
    assert.equal(paid && amountRemainingOf(paid), 0);
  });

  test('a payment for an invoice the model never saw stops the projection rather than being skipped', () => {
    assert.throws(() => bookOf([new TestFeed().event('a', paymentRecorded('ghost', 10, 10))]), /unknown invoice ghost/);
  });

  test('events of other streams and types leave the book untouched', () => {
    const event = { ...new TestFeed().event('a', invoiceIssued()), streamId: 'exchange-rates' };
    const book = bookOf([event, new TestFeed().event('a', { type: 'BranchesChanged', data: { delta: 1, branches: 2, changedAt: '2026-03-02T00:00:00.000Z' } })]);
    assert.equal(book.records.size, 0);
    assert.deepEqual(book.counters, { invoice: 0, credit_note: 0 });
  });
});
