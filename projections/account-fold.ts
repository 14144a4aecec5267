import { billingAccountDecider } from '../libs/domain/billing-account/billing-account.decider';
import type { BillingAccountEvent } from '../libs/domain/billing-account/billing-account.events';
import type { BillingAccountState } from '../libs/domain/billing-account/billing-account.state';
import type { StoredEvent } from '../libs/event-store/event-store.port';

/**
 * One fold of each account event for every read model that keeps the account's state (accounts
 * and MRR). The state after an event is a function of the stream up to it, whoever folds it, so
 * the first model to fold an event leaves the result on it and the others take it instead of
 * running the domain's `evolve` again. The runner hands every model the same event objects of a
 * batch, and the memo is weak: it lives exactly as long as the batch. A model whose stored state
 * is not the one just before the event never asks (it is behind or ahead of the event and skips
 * or folds from its own row), and the states are never mutated (evolve returns new objects).
 */
const stateAfter = new WeakMap<StoredEvent, BillingAccountState>();

/** Switched off only by the benchmark, to measure what sharing the fold buys. */
export const accountFoldSharing = { enabled: true };

export function foldAccountEvent(state: BillingAccountState, event: StoredEvent): BillingAccountState {
  const known = accountFoldSharing.enabled ? stateAfter.get(event) : undefined;
  if (known !== undefined) return known;
  const next = billingAccountDecider.evolve(state, event as unknown as BillingAccountEvent);
  stateAfter.set(event, next);
  return next;
}
