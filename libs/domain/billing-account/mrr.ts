import type { BillingAccountState } from './billing-account.state';

/**
 * Monthly recurring revenue of one account in pence, at the list prices the subscription carries,
 * tax excluded. A scheduled hibernation or cancellation still counts in full until it happens.
 */
export function mrrOf(state: BillingAccountState): number {
  const subscription = state.subscription;
  if (subscription === null) return 0;
  const { tierPriceGbp, extraBranchPriceGbp, hibernationFeeGbp } = subscription.prices;
  switch (state.status) {
    case 'active':
    case 'past_due':
      return tierPriceGbp + (subscription.branches - 1) * extraBranchPriceGbp;
    case 'hibernating':
      return hibernationFeeGbp;
    case 'suspended':
    case 'cancelled':
    case 'not_subscribed':
      return 0;
  }
}
