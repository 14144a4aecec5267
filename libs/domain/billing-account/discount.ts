import { invariant, Rejected } from '../decider';
import { addMonthsClamped, dateOf, isInstant, normalizeInstant, startOf } from '../calendar/calendar';
import { DISCOUNT_DURATIONS, isCouponCode, type DiscountTerms } from '../coupons/coupon-terms';
import { minorUnitsOf } from '../money/currency';
import { negate, sumAmounts } from '../money/money';
import { divideHalfEven, exact, exactQuotient } from '../money/rounding';
import type { ApplyDiscount } from './billing-account.commands';
import type { InvoiceLine } from './billing-account.events';
import type { ActiveDiscount, BillingAccountState } from './billing-account.state';
import type { Emitter } from './emitter';

/**
 * The account's discount (billing-rules.md, Discounts): applied from a redemption, one at a time,
 * until a `once` discount is used, a `repeating` one runs out of months, or it is removed or
 * replaced. At issue it becomes one line of its own, after the other lines are rounded and before
 * tax.
 */
function checkTerms(terms: DiscountTerms): void {
  const valid = isCouponCode(terms.code)
    && (terms.percentOff === null) !== (terms.amountOffGbp === null)
    && (terms.duration === 'repeating') === (terms.months !== null)
    && DISCOUNT_DURATIONS.includes(terms.duration);
  invariant(valid, `discount terms of ${String(terms.code)} are not a coupon's`);
}

/** `repeating`: documents issued on a UTC date before the redemption's date + months are discounted. */
export function discountEndsOn(terms: DiscountTerms, redeemedAt: string): string | null {
  return terms.duration === 'repeating' && terms.months !== null ? addMonthsClamped(dateOf(redeemedAt), terms.months) : null;
}

export function applyDiscount(out: Emitter, at: string, command: ApplyDiscount): void {
  checkTerms(command.terms);
  if (typeof command.redemptionId !== 'string' || command.redemptionId === '') throw new Rejected('VALIDATION_FAILED', 'redemptionId must be a non-empty string', 'redemptionId');
  if (!isInstant(command.redeemedAt)) throw new Rejected('VALIDATION_FAILED', 'redeemedAt must be an ISO-8601 instant', 'redeemedAt');
  // A redemption the account has applied already (a retried request) changes nothing.
  if (out.state.redemptionIds.includes(command.redemptionId)) return;
  const current = out.state.discount;
  if (current?.code === command.terms.code) {
    throw new Rejected('COUPON_ALREADY_APPLIED', current.code);
  }
  const redeemedAt = normalizeInstant(command.redeemedAt);
  const endsOn = discountEndsOn(command.terms, redeemedAt);
  // Only a redemption completed late (after a crash) can meet this: its months are over already.
  if (endsOn !== null && endsOn <= dateOf(at)) throw new Rejected('COUPON_NOT_REDEEMABLE', `the months of ${command.terms.code} ran out on ${endsOn}`);
  if (current !== null) out.emit({ type: 'DiscountEnded', data: { redemptionId: current.redemptionId, code: current.code, endedAt: at, reason: 'replaced', invoiceId: null } });
  const { code, percentOff, amountOffGbp, duration, months } = command.terms;
  out.emit({ type: 'DiscountApplied', data: { redemptionId: command.redemptionId, code, percentOff, amountOffGbp, duration, months, redeemedAt, appliedAt: at, endsOn } });
}

export function removeDiscount(out: Emitter, at: string): void {
  const current = out.state.discount;
  if (current === null) throw new Rejected('DISCOUNT_NOT_FOUND');
  out.emit({ type: 'DiscountEnded', data: { redemptionId: current.redemptionId, code: current.code, endedAt: at, reason: 'removed', invoiceId: null } });
}

/** When a `repeating` discount stops being the account's: the first instant of its end date. */
export function discountExpiryAt(state: BillingAccountState): string | undefined {
  return state.discount?.endsOn ? startOf(state.discount.endsOn) : undefined;
}

export function expireDiscount(out: Emitter, at: string): void {
  const current = out.state.discount;
  invariant(current !== null && current.endsOn !== null, 'discount expiry without a repeating discount');
  out.emit({ type: 'DiscountEnded', data: { redemptionId: current.redemptionId, code: current.code, endedAt: at, reason: 'expired', invoiceId: null } });
}

/** The discount's exact value in minor units of the document currency, or undefined when it gives nothing here. */
function exactDiscount(discount: ActiveDiscount, subtotal: number, rate: string, currency: string): { exact: string; amount: number } | undefined {
  if (discount.percentOff !== null) {
    // On invoices and credit notes alike: a credit shrinks too, since the vendor paid the discounted price.
    const numerator = exact(subtotal).times(discount.percentOff);
    return { exact: exactQuotient(numerator, 100), amount: divideHalfEven(numerator, 100) };
  }
  invariant(discount.amountOffGbp !== null, 'a discount with neither percent nor amount');
  // An amount is taken off positive subtotals only, and what is left of it is not carried over.
  if (subtotal <= 0) return undefined;
  const numerator = exact(discount.amountOffGbp).times(rate).times(exact(10).pow(minorUnitsOf(currency)));
  const converted = divideHalfEven(numerator, 100);
  return converted < subtotal ? { exact: exactQuotient(numerator, 100), amount: converted } : { exact: String(subtotal), amount: subtotal };
}

/**
 * The discount line of a document about to be issued at `issuedAt` with these rounded lines, or
 * null: no active discount, a subtotal of 0, or a discount that rounds to nothing (which changes
 * nothing, so it does not use up a `once` coupon either).
 */
export function discountLine(state: BillingAccountState, issuedAt: string, lines: readonly InvoiceLine[], rate: string, currency: string): InvoiceLine | null {
  const discount = state.discount;
  if (discount === null) return null;
  invariant(discount.endsOn === null || dateOf(issuedAt) < discount.endsOn, 'a repeating discount is still active past its months');
  const subtotal = sumAmounts(lines.map((line) => line.amount));
  if (subtotal === 0) return null;
  const value = exactDiscount(discount, subtotal, rate, currency);
  if (value === undefined || value.amount === 0) return null;
  return {
    itemId: null, kind: 'discount', description: `Discount (${discount.code})`, quantity: 1, unitAmountGbp: null, days: 1, periodDays: 1,
    exactGbp: null, exact: exact(value.exact).negated().toString(), amount: negate(value.amount),
  };
}

/** After a document with a discount line: a `once` discount has been used. */
export function discountUsedBy(out: Emitter, at: string, invoiceId: string): void {
  const current = out.state.discount;
  if (current?.duration !== 'once') return;
  out.emit({ type: 'DiscountEnded', data: { redemptionId: current.redemptionId, code: current.code, endedAt: at, reason: 'used', invoiceId } });
}
