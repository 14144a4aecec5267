import { formatMoney } from '../../domain/money/format';
import { exact } from '../../domain/money/rounding';
import type { Money } from '../../domain/money/money';
import type { LineKind } from '../../domain/billing-account/billing-account.events';
import type { InvoiceLineView, InvoiceView } from '../../../projections/invoices/invoices.query';

/**
 * The words and numbers a document prints, apart from where they go: dates, rates, amounts, and
 * what each line and note says. Money goes through formatMoney, the one formatter.
 */
const LONG_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const DAY_MS = 86_400_000;

/** An instant or a date as `1 March 2026` (UTC: billing dates are UTC dates). */
export function longDate(value: string): string {
  return LONG_DATE.format(new Date(value.length === 10 ? `${value}T00:00:00.000Z` : value));
}

/** A half-open period [start, end) as its first and last day: `1 March 2026 – 31 March 2026`. */
export function periodText(period: { readonly start: string; readonly end: string }): string {
  const lastDay = new Date(Date.parse(`${period.end}T00:00:00.000Z`) - DAY_MS).toISOString();
  return `${longDate(period.start)} – ${longDate(lastDay)}`;
}

/** A decimal rate as a percentage without float noise: `0.175` → `17.5%`. */
export function percentText(rate: string): string {
  return `${exact(rate).times(100).toString()}%`;
}

export function money(value: Money): string {
  return formatMoney(value);
}

export function documentTitle(invoice: Pick<InvoiceView, 'kind'>): string {
  return invoice.kind === 'credit_note' ? 'Credit note' : 'Invoice';
}

/**
 * Whether a line of each kind bills days of a period, and so says which under its description. A
 * refund and a coupon's discount bill none (the discount's days are 1 of 1, which mean nothing). A
 * record over every kind, so that a new kind cannot reach the page without a decision here.
 */
const BILLS_DAYS: Readonly<Record<LineKind, boolean>> = {
  tier: true, branches: true, hibernation: true, tier_credit: true, tier_charge: true, resume: true, branches_credit: true, hibernation_credit: true,
  refund: false, discount: false,
};

/** The small print under a line's description: how much of a period it bills, if it bills days. */
export function lineDetail(line: InvoiceLineView, invoice: Pick<InvoiceView, 'period'>): string | undefined {
  if (line.kind === 'refund') return 'Refunded to the original payment method';
  if (!BILLS_DAYS[line.kind]) return undefined;
  if (line.days < line.periodDays) return `${line.days} of ${line.periodDays} days of the billing period`;
  return invoice.period ? `Full period, ${periodText(invoice.period)}` : 'Full billing period';
}

const REASONS: Readonly<Record<InvoiceView['reason'], string>> = {
  subscription: 'New subscription',
  renewal: 'Renewal',
  upgrade: 'Upgrade',
  resume: 'Resumption after hibernation',
  final: 'Final invoice on cancellation',
  reactivation: 'Reactivation',
  refund: 'Refund',
};

export function reasonText(invoice: Pick<InvoiceView, 'reason'>): string {
  return REASONS[invoice.reason];
}

export function statusText(invoice: Pick<InvoiceView, 'status' | 'kind'>): string {
  if (invoice.kind === 'credit_note') return 'Issued';
  return invoice.status === 'paid' ? 'Paid' : invoice.status === 'void' ? 'Void' : 'Open';
}

/** The service period, or what stands for it on a document that bills no whole period. */
export function servicePeriodText(invoice: Pick<InvoiceView, 'period' | 'reason'>): string {
  if (invoice.period) return periodText(invoice.period);
  return invoice.reason === 'refund' ? 'Not applicable (refund)' : 'Part of a period: see each line';
}

export function exchangeRateText(invoice: Pick<InvoiceView, 'exchangeRate' | 'currency'>): string {
  return `£1 = ${invoice.exchangeRate} ${invoice.currency}`;
}

/** What a document references, found by the caller in the read models (invoice-document.ts). */
export interface DocumentReferences {
  /** For a refund's credit note: the number of the invoice the refunded payment settled. */
  readonly creditedInvoiceNumber?: string;
}

/** The sentences under the totals: how to pay, or what the credit note credits, and the rate used. */
export function documentNotes(invoice: InvoiceView, references: DocumentReferences): string[] {
  const notes: string[] = [];
  if (invoice.kind === 'credit_note') {
    if (invoice.refundOf) {
      const credited = references.creditedInvoiceNumber ?? invoice.refundOf.invoiceId;
      notes.push(`This credit note credits invoice ${credited}: it records the refund of payment ${invoice.refundOf.paymentId}.`);
    } else {
      notes.push(`This credit note credits unused time billed earlier; ${money({ amount: -invoice.total.amount, currency: invoice.currency })} was added to the account's credit.`);
    }
  } else if (invoice.status === 'paid') {
    notes.push('Paid in full. Thank you.');
  } else if (invoice.dueAt !== null && invoice.dueAt === invoice.issuedAt) {
    notes.push(`${money(invoice.amountRemaining)} is collected from the payment method on file.`);
  } else if (invoice.dueAt !== null) {
    notes.push(`Please pay ${money(invoice.amountRemaining)} by ${longDate(invoice.dueAt)}, quoting ${invoice.number}.`);
  }
  if (invoice.currency !== 'GBP') {
    notes.push(`Prices are set in GBP and converted at ${exchangeRateText(invoice)}, the rate in force on ${longDate(invoice.issuedAt)}.`);
  }
  return notes;
}
