import type { BillingAccountEvent, InvoiceIssuedData, InvoiceLine } from '../../libs/domain/billing-account/billing-account.events';
import type { StoredEvent } from '../../libs/event-store/event-store.port';
import { encodePosition } from '../../libs/event-store/position';

/**
 * Events as the store hands them to projections, for the finance read models' unit tests. Each
 * feed hands out increasing positions, like the global feed does.
 */
export class TestFeed {
  private sequence = 0;

  event(accountId: string, event: { type: string; data: unknown }): StoredEvent {
    this.sequence += 1;
    return {
      id: `evt-${this.sequence}`, type: event.type, streamId: `account-${accountId}`, revision: this.sequence, position: encodePosition(BigInt(this.sequence), BigInt(this.sequence)),
      data: event.data as Record<string, unknown>, metadata: {} as StoredEvent['metadata'],
    };
  }

  events(accountId: string, events: readonly BillingAccountEvent[]): StoredEvent[] {
    return events.map((event) => this.event(accountId, event));
  }
}

export function line(amount: number, overrides: Partial<InvoiceLine> = {}): InvoiceLine {
  return {
    itemId: null, kind: 'tier', description: 'Starter', quantity: 1, unitAmountGbp: 100, days: 31, periodDays: 31, exactGbp: String(amount),
    exact: String(amount), amount, ...overrides,
  };
}

/** A GBP Starter invoice of 100p + 20% tax unless told otherwise. Totals are the caller's to keep consistent. */
export function invoiceIssued(overrides: Partial<InvoiceIssuedData> = {}): { type: 'InvoiceIssued'; data: InvoiceIssuedData } {
  return {
    type: 'InvoiceIssued',
    data: {
      invoiceId: 'inv-1', kind: 'invoice', reason: 'subscription', issuedAt: '2026-03-01T08:00:00.000Z', periodStart: '2026-03-01', periodEnd: '2026-04-01',
      currency: 'GBP', lines: [line(100)], subtotal: 100, taxRate: '0.2', taxRegion: 'GB', tax: 20, total: 120, exchangeRate: '1', creditApplied: 0,
      amountDue: 120, dueAt: '2026-03-01T08:00:00.000Z', refundOf: null, ...overrides,
    },
  };
}

export function creditNote(invoiceId: string, subtotal: number, tax: number, overrides: Partial<InvoiceIssuedData> = {}) {
  return invoiceIssued({
    invoiceId, kind: 'credit_note', reason: 'upgrade', lines: [line(subtotal, { kind: 'tier_credit', description: 'Unused time on Pro' })],
    subtotal, tax, total: subtotal + tax, creditApplied: 0, amountDue: 0, dueAt: null, ...overrides,
  });
}

export function paymentRecorded(invoiceId: string, amount: number, appliedToInvoice: number, gateway = 'sandbox', paymentId = `pay-${invoiceId}`) {
  return {
    type: 'PaymentRecorded',
    data: { paymentId, invoiceId, amount, currency: 'GBP', reference: `ref-${paymentId}`, gateway, recordedAt: '2026-03-02T10:00:00.000Z', appliedToInvoice, toCredit: amount - appliedToInvoice },
  };
}

export const invoicePaid = (invoiceId: string) => ({ type: 'InvoicePaid', data: { invoiceId, paidAt: '2026-03-02T10:00:00.000Z' } });
