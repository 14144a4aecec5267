import { invariant } from '../decider';
import { addDays } from '../calendar/calendar';
import { findTier, fitsTier, smallestTierFitting, type TierDefinition } from '../catalog/catalog';
import type { GraceEndReason } from './billing-account.events';
import type { SubscriptionState } from './billing-account.state';
import type { Emitter } from './emitter';
import { issueDocument } from './invoicing';
import { prorateTierChange } from './proration';
import { accountPriceBook } from './contract-prices';

function subscriptionOf(out: Emitter): SubscriptionState {
  invariant(out.state.subscription !== null, 'tier rules without a subscription');
  return out.state.subscription;
}

export function currentTier(out: Emitter): TierDefinition {
  const tier = findTier(out.context.catalog, subscriptionOf(out).tier);
  invariant(tier !== undefined, `tier ${subscriptionOf(out).tier} is missing from the catalog`);
  return tier;
}

/** A grace applies while listings are visible: `active` and `past_due`. */
function graceApplies(out: Emitter): boolean {
  return out.state.status === 'active' || out.state.status === 'past_due';
}

export function endGrace(out: Emitter, at: string, reason: GraceEndReason): void {
  if (out.state.grace !== null) out.emit({ type: 'GraceEnded', data: { endedAt: at, reason } });
}

/**
 * Compares the product count with the tier's limit: above it starts a grace (never restarts one),
 * within it ends a running grace.
 */
export function checkProductLimit(out: Emitter, at: string): void {
  if (!graceApplies(out)) return;
  const tier = currentTier(out);
  const count = out.state.productCount;
  if (fitsTier(tier, count)) {
    endGrace(out, at, 'count_within_limit');
    return;
  }
  if (out.state.grace !== null) return;
  invariant(tier.productLimit !== null, 'an unlimited tier cannot be exceeded');
  const endsAt = addDays(at, out.context.catalog.graceDays);
  out.emit({ type: 'GraceStarted', data: { startedAt: at, endsAt, productCount: count, productLimit: tier.productLimit } });
}

/**
 * Moves the subscription to `target` at `at`, prorated against the state just before the change:
 * the old tier at the price billed for the period, the new one at the account's price for it. An
 * upgrade (a dearer tier at the account's prices) issues a document at once with every pending
 * item; anything else leaves its lines pending for the next document.
 */
export function applyTierChange(out: Emitter, at: string, target: TierDefinition, reason: 'manual' | 'grace_expired'): void {
  const subscription = subscriptionOf(out);
  const from = { tier: subscription.tier, priceGbp: subscription.prices.tierPriceGbp };
  const to = { tier: target.name, priceGbp: accountPriceBook(out.state, out.context.catalog).tierPricesGbp[target.name] };
  out.emit({ type: 'TierChanged', data: { from: from.tier, to: to.tier, reason, changedAt: at, previousTierPriceGbp: from.priceGbp, tierPriceGbp: to.priceGbp } });
  if (reason === 'manual' && out.state.grace !== null && fitsTier(target, out.state.productCount)) endGrace(out, at, 'tier_changed');
  prorateTierChange(out, at, from, to);
  if (to.priceGbp > from.priceGbp) issueDocument(out, at, 'upgrade', [], null);
}

/** Grace expiry: still over the limit, the account moves up to the smallest tier that fits now. */
export function expireGrace(out: Emitter, at: string): void {
  const tier = currentTier(out);
  if (fitsTier(tier, out.state.productCount)) {
    endGrace(out, at, 'count_within_limit');
    return;
  }
  endGrace(out, at, 'expired');
  const target = smallestTierFitting(out.context.catalog, out.state.productCount);
  // Tiers are never lowered automatically: the target must stand above the current tier in the
  // catalog's order (its limits), whatever the account's own prices make of the move.
  const tiers = out.context.catalog.tiers;
  if (target === undefined || tiers.indexOf(target) <= tiers.indexOf(tier)) return;
  applyTierChange(out, at, target, 'grace_expired');
}
