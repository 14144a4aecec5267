import { invariant } from '../decider';
import { compareInstants, isAtOrBefore } from '../calendar/calendar';
import { billingPeriod, periodEndInstant } from '../calendar/billing-period';
import type { BillingAccountState } from './billing-account.state';
import { openDocuments } from './billing-account.state';
import type { Emitter } from './emitter';
import { reachDunningStep, recordFailure } from './dunning';
import { issueDocument, periodChargeLines } from './invoicing';
import { endGrace, expireGrace } from './tiers-and-grace';
import { discountExpiryAt, expireDiscount } from './discount';
import { bringPricesInForce } from './contract-prices';

/**
 * Work that falls due with time alone. At one instant it runs in the order of billing-rules.md:
 * renewals (with the hibernation or cancellation that takes effect then), grace expiries, then
 * payment work (due dates passing unpaid, retries and reminders). A `repeating` discount that runs
 * out at that instant ends before all of them: it no longer discounts anything issued on its end
 * date.
 */
export type DueWork =
  | { readonly kind: 'discount_expiry'; readonly at: string }
  | { readonly kind: 'renewal'; readonly at: string }
  | { readonly kind: 'grace_expiry'; readonly at: string }
  | { readonly kind: 'payment_overdue'; readonly at: string; readonly invoiceId: string }
  | { readonly kind: 'dunning_step'; readonly at: string };

const order: Record<DueWork['kind'], number> = { discount_expiry: 0, renewal: 1, grace_expiry: 2, payment_overdue: 3, dunning_step: 4 };

/** A safety net: one decision never runs more due work than this (about 80 years of renewals). */
const maxDueWorkSteps = 10_000;

function renewalDue(state: BillingAccountState): boolean {
  if (state.subscription === null) return false;
  if (state.status === 'active' || state.status === 'past_due' || state.status === 'hibernating') return true;
  // A suspended account renews nothing, but a cancellation it asked for still takes effect.
  return state.status === 'suspended' && state.cancellationScheduledAt !== null;
}

export function dueWorkOf(state: BillingAccountState): DueWork[] {
  const work: DueWork[] = [];
  const discountExpiry = discountExpiryAt(state);
  if (discountExpiry !== undefined) work.push({ kind: 'discount_expiry', at: discountExpiry });
  if (renewalDue(state) && state.subscription) work.push({ kind: 'renewal', at: periodEndInstant(state.subscription.period) });
  if (state.grace) work.push({ kind: 'grace_expiry', at: state.grace.endsAt });
  if (state.paymentMethod === null) {
    for (const document of openDocuments(state)) {
      if (document.dueAt !== null && document.failedAt === null) work.push({ kind: 'payment_overdue', at: document.dueAt, invoiceId: document.invoiceId });
    }
  }
  const dunning = state.dunning;
  if (dunning && state.status !== 'suspended' && dunning.stepsReached < dunning.retryAt.length) {
    work.push({ kind: 'dunning_step', at: dunning.retryAt[dunning.stepsReached] });
  }
  return work.sort((a, b) => compareInstants(a.at, b.at) || order[a.kind] - order[b.kind]);
}

/** The earliest instant at which the account has due work, for the worker's schedule. */
export function nextDueAt(state: BillingAccountState): string | undefined {
  return dueWorkOf(state)[0]?.at;
}

function renew(out: Emitter, at: string): void {
  if (out.state.cancellationScheduledAt !== null) {
    if (out.state.pending.length > 0) issueDocument(out, at, 'final', [], null);
    endGrace(out, at, 'cancelled');
    out.emit({ type: 'SubscriptionCancelled', data: { cancelledAt: at } });
    return;
  }
  if (out.state.hibernationScheduledAt !== null) {
    endGrace(out, at, 'hibernated');
    out.emit({ type: 'HibernationStarted', data: { startedAt: at } });
  }
  const subscription = out.state.subscription;
  invariant(subscription !== null, 'renewal without a subscription');
  const periodIndex = subscription.periodIndex + 1;
  const period = billingPeriod(subscription.anchorDate, periodIndex);
  bringPricesInForce(out, at, period.start);
  out.emit({ type: 'PeriodRenewed', data: { renewedAt: at, periodIndex, periodStart: period.start, periodEnd: period.end } });
  issueDocument(out, at, 'renewal', periodChargeLines(out.state, period, out.state.status === 'hibernating'), period);
}

function run(out: Emitter, work: DueWork): void {
  switch (work.kind) {
    case 'discount_expiry':
      return expireDiscount(out, work.at);
    case 'renewal':
      return renew(out, work.at);
    case 'grace_expiry':
      return expireGrace(out, work.at);
    case 'payment_overdue':
      return recordFailure(out, work.at, work.invoiceId, 'overdue');
    case 'dunning_step':
      return reachDunningStep(out, work.at);
  }
}

/** Runs, in order, every piece of work due at or before `until`, each stamped with its own instant. */
export function runDueWork(out: Emitter, until: string): void {
  for (let steps = 0; ; steps += 1) {
    invariant(steps < maxDueWorkSteps, 'due work does not converge');
    const next = dueWorkOf(out.state)[0];
    if (next === undefined || !isAtOrBefore(next.at, until)) return;
    run(out, next);
  }
}
