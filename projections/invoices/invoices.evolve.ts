import type { DocumentKind, InvoiceIssuedData } from '../../libs/domain/billing-account/billing-account.events';
import type { StoredEvent } from '../../libs/event-store/event-store.port';

/**
 * The pure half of the invoices read model: events in, invoice records out. Numbers are handed out
 * here, in the order the events arrive from the global feed, so a replay of the same feed gives the
 * same numbers; the counters live in the book beside the records.
 */
export const ACCOUNT_STREAM_PREFIX = 'account-';
export type InvoiceStatus = 'open' | 'paid' | 'void';

export interface InvoiceRecord {
  readonly invoiceId: string;
  readonly accountId: string;
  readonly number: string;
  /** Feed position of the InvoiceIssued event: the issue order used for "newest first". */
  readonly position: string;
  readonly status: InvoiceStatus;
  readonly amountPaid: number;
  readonly issued: InvoiceIssuedData;
}

/** The slice of the model one batch works on: the counters and the records the batch touches. */
export interface InvoiceBook {
  readonly counters: Record<DocumentKind, number>;
  readonly records: Map<string, InvoiceRecord>;
}

export const NUMBER_PREFIXES: Readonly<Record<DocumentKind, string>> = { invoice: 'INV', credit_note: 'CN' };

export function formatNumber(kind: DocumentKind, sequence: number): string {
  return `${NUMBER_PREFIXES[kind]}-${String(sequence).padStart(6, '0')}`;
}

export function emptyBook(): InvoiceBook {
  return { counters: { invoice: 0, credit_note: 0 }, records: new Map() };
}

/** Event types this model reacts to; every other event passes by. */
export const INVOICE_EVENT_TYPES = new Set(['InvoiceIssued', 'PaymentRecorded', 'InvoicePaid']);

/** Folds one event into the book (in place: the book is the batch's private working copy). */
export function evolveInvoiceBook(book: InvoiceBook, event: StoredEvent): void {
  if (!event.streamId.startsWith(ACCOUNT_STREAM_PREFIX)) return;
  applyAccountEvent(book, event.streamId.slice(ACCOUNT_STREAM_PREFIX.length), event, event.position);
}

/**
 * One event of `accountId`'s stream folded into the book; `position` orders the documents. The
 * preview (libs/application/preview) folds the events a command would append through this too, so
 * that a previewed document is shaped by the very code that shapes the real one.
 */
export function applyAccountEvent(book: InvoiceBook, accountId: string, event: { readonly type: string; readonly data: unknown }, position: string): void {
  switch (event.type) {
    case 'InvoiceIssued': {
      const issued = event.data as InvoiceIssuedData;
      if (book.records.has(issued.invoiceId)) throw new Error(`invoice ${issued.invoiceId} issued twice`);
      const sequence = book.counters[issued.kind] + 1;
      book.counters[issued.kind] = sequence;
      // A credit note is settled into account credit when it is issued, as the domain records it.
      const status: InvoiceStatus = issued.kind === 'credit_note' ? 'paid' : 'open';
      book.records.set(issued.invoiceId, {
        invoiceId: issued.invoiceId, accountId, number: formatNumber(issued.kind, sequence), position, status, amountPaid: 0, issued,
      });
      return;
    }
    case 'PaymentRecorded': {
      const { invoiceId, appliedToInvoice } = event.data as { invoiceId: string; appliedToInvoice: number };
      const record = known(book, invoiceId, event.type);
      book.records.set(invoiceId, { ...record, amountPaid: record.amountPaid + appliedToInvoice });
      return;
    }
    case 'InvoicePaid': {
      const { invoiceId } = event.data as { invoiceId: string };
      book.records.set(invoiceId, { ...known(book, invoiceId, event.type), status: 'paid' });
      return;
    }
  }
}

function known(book: InvoiceBook, invoiceId: string, type: string): InvoiceRecord {
  const record = book.records.get(invoiceId);
  if (!record) throw new Error(`${type} for unknown invoice ${invoiceId}`);
  return record;
}

/** What is still to be paid: nothing once paid or void, and never below zero. */
export function amountRemainingOf(record: InvoiceRecord): number {
  if (record.status !== 'open') return 0;
  return Math.max(0, record.issued.amountDue - record.amountPaid);
}
