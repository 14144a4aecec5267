import { invariant } from '../decider';
import type { BillingAccountEvent, ContractPricesSet, ContractPricesTookEffect, DiscountApplied, DiscountEnded } from './billing-account.events';
import type { BillingAccountState } from './billing-account.state';

/** The commercial terms of an account: its discount and its own prices. */
export type TermsEvent = DiscountApplied | DiscountEnded | ContractPricesSet | ContractPricesTookEffect;

const TERMS_EVENT_TYPES: ReadonlySet<string> = new Set<TermsEvent['type']>(['DiscountApplied', 'DiscountEnded', 'ContractPricesSet', 'ContractPricesTookEffect']);

export function isTermsEvent(event: BillingAccountEvent): event is TermsEvent {
  return TERMS_EVENT_TYPES.has(event.type);
}

/** The discount and contract-price half of `evolve`. */
export function evolveTerms(state: BillingAccountState, event: TermsEvent): BillingAccountState {
  switch (event.type) {
    case 'DiscountApplied': {
      const { redemptionId, code, percentOff, amountOffGbp, duration, months, redeemedAt, appliedAt, endsOn } = event.data;
      // A replacement ends the discount before the next one is applied.
      invariant(state.discount === null, 'DiscountApplied while another discount is active');
      invariant(!state.redemptionIds.includes(redemptionId), `DiscountApplied twice for redemption ${redemptionId}`);
      invariant((percentOff === null) !== (amountOffGbp === null), 'DiscountApplied needs exactly one of percentOff and amountOffGbp');
      invariant((duration === 'repeating') === (endsOn !== null), 'DiscountApplied: only a repeating discount has an end date');
      const discount = { redemptionId, code, percentOff, amountOffGbp, duration, months, redeemedAt, appliedAt, endsOn };
      return { ...state, discount, redemptionIds: [...state.redemptionIds, redemptionId] };
    }
    case 'DiscountEnded':
      invariant(state.discount?.redemptionId === event.data.redemptionId, `DiscountEnded for ${event.data.redemptionId}, which is not the active discount`);
      return { ...state, discount: null };
    case 'ContractPricesSet': {
      const { effectiveFrom, prices, replacedEffectiveFrom } = event.data;
      invariant(replacedEffectiveFrom === (state.contractPrices.scheduled?.effectiveFrom ?? null), 'ContractPricesSet does not name the change it replaces');
      return { ...state, contractPrices: { ...state.contractPrices, scheduled: { effectiveFrom, prices } } };
    }
    case 'ContractPricesTookEffect': {
      const { effectiveFrom, prices, subscriptionPrices, periodStart } = event.data;
      invariant(state.contractPrices.scheduled?.effectiveFrom === effectiveFrom, 'ContractPricesTookEffect without that change waiting');
      invariant(periodStart >= effectiveFrom, 'ContractPricesTookEffect before its effective date');
      invariant((subscriptionPrices === null) === (state.subscription === null), 'ContractPricesTookEffect: subscription prices without a subscription, or none with one');
      const subscription = state.subscription && subscriptionPrices ? { ...state.subscription, prices: subscriptionPrices } : state.subscription;
      return { ...state, subscription, contractPrices: { current: prices, scheduled: null } };
    }
  }
}
