import { invariant } from '../decider';
import { dateOf } from '../calendar/calendar';
import { remainingDays } from '../calendar/billing-period';
import { tierLabel } from '../catalog/catalog';
import { exact, exactQuotient } from '../money/rounding';
import type { PendingItem, PendingItemKind } from './billing-account.events';
import type { BillingAccountState, SubscriptionState } from './billing-account.state';
import type { Emitter } from './emitter';

/** The exact GBP value of quantity × unit × days ÷ periodDays, division last. */
export function exactGbpOf(quantity: number, unitAmountGbp: number, days: number, periodDays: number): string {
  return exactQuotient(exact(quantity).times(unitAmountGbp).times(days), periodDays);
}

function subscriptionOf(state: BillingAccountState): SubscriptionState {
  invariant(state.subscription !== null, 'proration without a subscription');
  return state.subscription;
}

function addItem(out: Emitter, at: string, kind: PendingItemKind, description: string, quantity: number, unitAmountGbp: number): void {
  const effectiveDate = dateOf(at);
  const { days, periodDays } = remainingDays(subscriptionOf(out.state).period, effectiveDate);
  const item: PendingItem = {
    itemId: out.context.newId(), kind, description, effectiveDate, quantity, unitAmountGbp, days, periodDays,
    exactGbp: exactGbpOf(quantity, unitAmountGbp, days, periodDays),
  };
  out.emit({ type: 'ProrationLineAdded', data: { addedAt: at, item } });
}

/**
 * A tier change on date d: credit the unused time on the old tier and charge the remaining time on
 * the new one, two lines each rounded on its own. Called with the state just before the change.
 */
export function prorateTierChange(out: Emitter, at: string, from: { tier: string; priceGbp: number }, to: { tier: string; priceGbp: number }): void {
  addItem(out, at, 'tier_credit', `Unused time on ${tierLabel(from.tier)}`, -1, from.priceGbp);
  addItem(out, at, 'tier_charge', `Remaining time on ${tierLabel(to.tier)}`, 1, to.priceGbp);
}

/**
 * Branch changes net into one pending line per UTC day: the day's line, while still pending, takes
 * the new net quantity (and disappears at zero); once invoiced, a later change starts a new line.
 */
export function prorateBranchChange(out: Emitter, at: string, delta: number): void {
  const subscription = subscriptionOf(out.state);
  const date = dateOf(at);
  const line = out.state.pending.find((item) => item.kind === 'branches' && item.effectiveDate === date);
  if (!line) {
    addItem(out, at, 'branches', `Branch change on ${date}`, delta, subscription.prices.extraBranchPriceGbp);
    return;
  }
  const quantity = line.quantity + delta;
  const exactGbp = exactGbpOf(quantity, line.unitAmountGbp, line.days, line.periodDays);
  out.emit({ type: 'ProrationLineNetted', data: { nettedAt: at, itemId: line.itemId, quantity, exactGbp } });
}

/** Resuming from hibernation: the difference between the full monthly charge and the fee, one line. */
export function prorateResume(out: Emitter, at: string): void {
  const { tier, branches, prices } = subscriptionOf(out.state);
  const unit = prices.tierPriceGbp + (branches - 1) * prices.extraBranchPriceGbp - prices.hibernationFeeGbp;
  addItem(out, at, 'resume', `Resume ${tierLabel(tier)} from hibernation`, 1, unit);
}
