import { Rejected } from '../decider';
import { dateOf } from '../calendar/calendar';
import { billingPeriod, periodEndInstant } from '../calendar/billing-period';
import { findTier, fitsTier, type TierDefinition } from '../catalog/catalog';
import type { ChangeBranches, ChangeTier, ReportProductCount, Subscribe } from './billing-account.commands';
import type { BillingAccountState, SubscriptionState } from './billing-account.state';
import type { Emitter } from './emitter';
import { issueDocument, periodChargeLines } from './invoicing';
import { prorateBranchChange, prorateResume } from './proration';
import { applyTierChange, checkProductLimit } from './tiers-and-grace';
import { accountPriceBook, billedPricesFor, bringPricesInForce } from './contract-prices';

function requireTier(out: Emitter, name: unknown): TierDefinition {
  const tier = typeof name === 'string' ? findTier(out.context.catalog, name) : undefined;
  if (!tier) throw new Rejected('VALIDATION_FAILED', `tier must be one of ${out.context.catalog.tiers.map((known) => known.name).join(', ')}`, 'tier');
  return tier;
}

/** Tier and branch changes need a live, billing subscription: active or past_due. */
export function requireChangeable(state: BillingAccountState): SubscriptionState {
  if (state.subscription === null || state.status === 'not_subscribed' || state.status === 'cancelled') throw new Rejected('NOT_SUBSCRIBED');
  if (state.status === 'suspended') throw new Rejected('ACCOUNT_SUSPENDED');
  if (state.status === 'hibernating') throw new Rejected('INVALID_STATE', 'resume the account before changing its subscription');
  return state.subscription;
}

export function subscribe(out: Emitter, at: string, command: Subscribe): void {
  const tier = requireTier(out, command.tier);
  if (!Number.isSafeInteger(command.branches) || command.branches < 1) throw new Rejected('VALIDATION_FAILED', 'branches must be a whole number of at least 1', 'branches');
  if (out.state.status !== 'not_subscribed' && out.state.status !== 'cancelled') throw new Rejected('ALREADY_SUBSCRIBED');
  if (!fitsTier(tier, out.state.productCount)) throw new Rejected('PRODUCT_LIMIT_EXCEEDED', `${out.state.productCount} products exceed ${tier.name}'s limit of ${tier.productLimit}`);
  const anchorDate = dateOf(at);
  const period = billingPeriod(anchorDate, 0);
  bringPricesInForce(out, at, period.start);
  const prices = billedPricesFor(accountPriceBook(out.state, out.context.catalog), tier.name);
  out.emit({
    type: 'Subscribed',
    data: { tier: tier.name, branches: command.branches, subscribedAt: at, anchorDate, periodStart: period.start, periodEnd: period.end, ...prices },
  });
  issueDocument(out, at, 'subscription', periodChargeLines(out.state, period, false), period);
}

export function changeTier(out: Emitter, at: string, command: ChangeTier): void {
  const target = requireTier(out, command.tier);
  const subscription = requireChangeable(out.state);
  if (target.name === subscription.tier) throw new Rejected('TIER_UNCHANGED');
  // Judged by the account's own prices: the one billed for this period against the target's now.
  const upgrade = accountPriceBook(out.state, out.context.catalog).tierPricesGbp[target.name] > subscription.prices.tierPriceGbp;
  if (!upgrade && !fitsTier(target, out.state.productCount)) {
    throw new Rejected('PRODUCT_LIMIT_EXCEEDED', `${out.state.productCount} products exceed ${target.name}'s limit of ${target.productLimit}`);
  }
  applyTierChange(out, at, target, 'manual');
}

export function changeBranches(out: Emitter, at: string, command: ChangeBranches): void {
  if (!Number.isSafeInteger(command.delta) || command.delta === 0) throw new Rejected('VALIDATION_FAILED', 'delta must be a whole number other than 0', 'delta');
  const subscription = requireChangeable(out.state);
  const branches = subscription.branches + command.delta;
  if (branches < 1) throw new Rejected('BRANCHES_BELOW_MINIMUM', 'an account keeps at least one branch');
  out.emit({ type: 'BranchesChanged', data: { delta: command.delta, branches, changedAt: at } });
  prorateBranchChange(out, at, command.delta);
}

export function reportProductCount(out: Emitter, at: string, command: ReportProductCount): void {
  if (!Number.isSafeInteger(command.count) || command.count < 0) throw new Rejected('VALIDATION_FAILED', 'count must be a whole number of at least 0', 'count');
  out.emit({ type: 'ProductCountReported', data: { count: command.count, reportedAt: at } });
  if (out.state.subscription !== null) checkProductLimit(out, at);
}

function requireSubscribed(state: BillingAccountState): SubscriptionState {
  if (state.subscription === null || state.status === 'not_subscribed' || state.status === 'cancelled') throw new Rejected('NOT_SUBSCRIBED');
  if (state.status === 'suspended') throw new Rejected('ACCOUNT_SUSPENDED');
  return state.subscription;
}

export function hibernate(out: Emitter, at: string): void {
  const subscription = requireSubscribed(out.state);
  if (out.state.status !== 'active') throw new Rejected('INVALID_STATE', `cannot hibernate while ${out.state.status}`);
  if (out.state.hibernationScheduledAt !== null) throw new Rejected('INVALID_STATE', 'hibernation is already scheduled');
  if (out.state.cancellationScheduledAt !== null) throw new Rejected('INVALID_STATE', 'the subscription is being cancelled');
  out.emit({ type: 'HibernationRequested', data: { requestedAt: at, effectiveAt: periodEndInstant(subscription.period) } });
}

export function resume(out: Emitter, at: string): void {
  requireSubscribed(out.state);
  if (out.state.hibernationScheduledAt !== null) {
    out.emit({ type: 'HibernationRequestCancelled', data: { cancelledAt: at } });
    return;
  }
  if (out.state.status !== 'hibernating') throw new Rejected('INVALID_STATE', 'the account is not hibernating');
  out.emit({ type: 'Resumed', data: { resumedAt: at } });
  prorateResume(out, at);
  issueDocument(out, at, 'resume', [], null);
  checkProductLimit(out, at);
}

export function cancel(out: Emitter, at: string): void {
  const subscription = requireSubscribed(out.state);
  if (out.state.cancellationScheduledAt !== null) throw new Rejected('INVALID_STATE', 'cancellation is already scheduled');
  if (out.state.hibernationScheduledAt !== null) out.emit({ type: 'HibernationRequestCancelled', data: { cancelledAt: at } });
  out.emit({ type: 'CancellationRequested', data: { requestedAt: at, effectiveAt: periodEndInstant(subscription.period) } });
}

