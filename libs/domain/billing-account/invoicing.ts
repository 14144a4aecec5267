import { Rejected } from '../decider';
import { addDays } from '../calendar/calendar';
import type { BillingPeriod } from '../calendar/billing-period';
import { periodDays } from '../calendar/billing-period';
import { tierLabel } from '../catalog/catalog';
import { minorUnitsOf } from '../money/currency';
import { sumAmounts } from '../money/money';
import { divideHalfEven, exact, exactQuotient, roundHalfEven } from '../money/rounding';
import type { DocumentReason, InvoiceIssuedData, InvoiceLine, LineKind } from './billing-account.events';
import type { BillingAccountState } from './billing-account.state';
import type { Emitter } from './emitter';
import { exactGbpOf } from './proration';
import { discountLine, discountUsedBy } from './discount';

/** A line before conversion: quantity × unitAmountGbp × days ÷ periodDays pence. */
export interface LineSource {
  readonly itemId: string | null;
  readonly kind: LineKind;
  readonly description: string;
  readonly quantity: number;
  readonly unitAmountGbp: number;
  readonly days: number;
  readonly periodDays: number;
}

/**
 * Converts a GBP line into the account currency in one exact step:
 * quantity × unit × days × rate × 10^minorUnits ÷ (periodDays × 100), rounded half-even once.
 */
export function priceLine(source: LineSource, rate: string, currency: string): InvoiceLine {
  const numerator = exact(source.quantity).times(source.unitAmountGbp).times(source.days).times(rate).times(exact(10).pow(minorUnitsOf(currency)));
  const denominator = exact(source.periodDays).times(100);
  return {
    itemId: source.itemId, kind: source.kind, description: source.description, quantity: source.quantity,
    unitAmountGbp: source.unitAmountGbp, days: source.days, periodDays: source.periodDays,
    exactGbp: exactGbpOf(source.quantity, source.unitAmountGbp, source.days, source.periodDays),
    exact: exactQuotient(numerator, denominator),
    amount: divideHalfEven(numerator, denominator),
  };
}

/** The full-period lines of a renewal (or a first or reactivated period): tier and extra branches, or the fee. */
export function periodChargeLines(state: BillingAccountState, period: BillingPeriod, hibernating: boolean): LineSource[] {
  const subscription = state.subscription;
  if (subscription === null) throw new TypeError('period charge without a subscription');
  const days = periodDays(period);
  const full = { itemId: null, days, periodDays: days };
  if (hibernating) {
    return [{ ...full, kind: 'hibernation', description: 'Hibernation fee', quantity: 1, unitAmountGbp: subscription.prices.hibernationFeeGbp }];
  }
  const lines: LineSource[] = [{ ...full, kind: 'tier', description: `${tierLabel(subscription.tier)} tier`, quantity: 1, unitAmountGbp: subscription.prices.tierPriceGbp }];
  if (subscription.branches > 1) {
    lines.push({ ...full, kind: 'branches', description: 'Additional branches', quantity: subscription.branches - 1, unitAmountGbp: subscription.prices.extraBranchPriceGbp });
  }
  return lines;
}

function pendingLines(state: BillingAccountState): LineSource[] {
  return state.pending.map(({ itemId, kind, description, quantity, unitAmountGbp, days, periodDays: pd }) => ({
    itemId, kind, description, quantity, unitAmountGbp, days, periodDays: pd,
  }));
}

export function exchangeRateAt(out: Emitter, at: string): string {
  const rate = out.context.exchangeRates.rateAt(out.state.currency, at);
  if (rate === undefined) throw new Rejected('NO_EXCHANGE_RATE', `none for ${out.state.currency} at ${at}`);
  return rate;
}

type DocumentBase = Pick<InvoiceIssuedData, 'invoiceId' | 'reason' | 'issuedAt' | 'periodStart' | 'periodEnd' | 'currency' | 'lines' | 'taxRate' | 'taxRegion' | 'exchangeRate' | 'refundOf'>;

/** Tax, total, credit and due date of a document whose lines are already priced. */
export function settle(out: Emitter, base: DocumentBase): InvoiceIssuedData {
  const subtotal = sumAmounts(base.lines.map((line) => line.amount));
  const tax = roundHalfEven(exact(subtotal).times(base.taxRate));
  const total = subtotal + tax;
  const creditNote = subtotal < 0;
  const creditApplied = creditNote ? 0 : Math.min(total, out.state.credit);
  const dueAt = creditNote ? null : out.state.paymentMethod !== null ? base.issuedAt : addDays(base.issuedAt, out.context.catalog.paymentDueDays);
  return {
    invoiceId: base.invoiceId, kind: creditNote ? 'credit_note' : 'invoice', reason: base.reason, issuedAt: base.issuedAt,
    periodStart: base.periodStart, periodEnd: base.periodEnd, currency: base.currency, lines: base.lines, subtotal,
    taxRate: base.taxRate, taxRegion: base.taxRegion, tax, total, exchangeRate: base.exchangeRate, creditApplied,
    amountDue: creditNote ? 0 : total - creditApplied, dueAt, refundOf: base.refundOf,
  };
}

/**
 * Issues one document: the given lines plus every pending item of the account, converted at the
 * rate in force at issue, then the account's discount as a line of its own (after rounding, before
 * tax), taxed at the region's rate then. A negative subtotal makes it a credit note; an invoice
 * with nothing left to pay after credit is paid at once.
 */
export function issueDocument(out: Emitter, at: string, reason: DocumentReason, lines: LineSource[], period: BillingPeriod | null): string {
  const rate = exchangeRateAt(out, at);
  const { currency, taxRegion } = out.state;
  const priced = [...lines, ...pendingLines(out.state)].map((line) => priceLine(line, rate, currency));
  const discount = discountLine(out.state, at, priced, rate, currency);
  const invoiceId = out.context.newId();
  const data = settle(out, {
    invoiceId, reason, issuedAt: at, periodStart: period?.start ?? null, periodEnd: period?.end ?? null, currency, lines: discount ? [...priced, discount] : priced,
    taxRate: out.context.taxRates.rateAt(taxRegion, at), taxRegion, exchangeRate: rate, refundOf: null,
  });
  out.emit({ type: 'InvoiceIssued', data });
  if (data.kind === 'invoice' && data.amountDue === 0) out.emit({ type: 'InvoicePaid', data: { invoiceId, paidAt: at } });
  if (discount) discountUsedBy(out, at, invoiceId);
  return invoiceId;
}
