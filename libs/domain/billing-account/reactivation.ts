import { periodContains, remainingDays } from '../calendar/billing-period';
import { tierLabel } from '../catalog/catalog';
import type { BillingAccountState } from './billing-account.state';
import type { LineSource } from './invoicing';

/**
 * No day is billed twice (billing-rules.md, dunning): a reactivation starts a new period at once,
 * so it first credits what the last billed period still had to run, from the reactivation date to
 * that period's end, prorated exactly as a tier change credits it, one line per charge each
 * rounded on its own. The lines credit what that period billed: the tier and the additional
 * branches, or the hibernation fee for a period billed while hibernating. A period that ended
 * before the reactivation date leaves no credit.
 */
export function unusedTimeOfLastPeriod(state: BillingAccountState, reactivationDate: string): LineSource[] {
  const subscription = state.subscription;
  if (subscription === null || !periodContains(subscription.period, reactivationDate)) return [];
  const { days, periodDays } = remainingDays(subscription.period, reactivationDate);
  const { prices } = subscription;
  const unused = { itemId: null, days, periodDays };
  if (subscription.billedAs === 'hibernation') {
    return [{ ...unused, kind: 'hibernation_credit', description: 'Unused time on the hibernation fee', quantity: -1, unitAmountGbp: prices.hibernationFeeGbp }];
  }
  const lines: LineSource[] = [{ ...unused, kind: 'tier_credit', description: `Unused time on ${tierLabel(subscription.tier)}`, quantity: -1, unitAmountGbp: prices.tierPriceGbp }];
  if (subscription.branches > 1) {
    lines.push({ ...unused, kind: 'branches_credit', description: 'Unused time on additional branches', quantity: -(subscription.branches - 1), unitAmountGbp: prices.extraBranchPriceGbp });
  }
  return lines;
}
