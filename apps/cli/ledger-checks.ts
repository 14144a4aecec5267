import { billingAccountDecider } from '../../libs/domain/billing-account/billing-account.decider';
import type { BillingAccountEvent } from '../../libs/domain/billing-account/billing-account.events';
import type { BillingAccountState } from '../../libs/domain/billing-account/billing-account.state';
import type { StoredEvent } from '../../libs/event-store/event-store.port';
import { accountTruthOf, type AccountTruth } from '../../projections/journal/ledger-invariants';

/**
 * Folds every account's state from the events as verify walks the feed, so the ledger invariants
 * compare the journal with what the events say rather than with another read model.
 */
export class AccountStates {
  private readonly states = new Map<string, BillingAccountState>();
  private readonly unfoldable = new Set<string>();

  visit = (event: StoredEvent): void => {
    if (!event.streamId.startsWith('account-') || this.unfoldable.has(event.streamId)) return;
    const state = this.states.get(event.streamId) ?? billingAccountDecider.initialState();
    try {
      this.states.set(event.streamId, billingAccountDecider.evolve(state, event as unknown as BillingAccountEvent));
    } catch {
      // A tampered stream the domain refuses to fold; its hash-chain finding already fails verify.
      this.unfoldable.add(event.streamId);
      this.states.delete(event.streamId);
    }
  };

  truths(): AccountTruth[] {
    return [...this.states.values()].filter((state) => state.exists).map(accountTruthOf);
  }
}
