import type { BillingAccountEvent } from './billing-account.events';
import type { BillingAccountState } from './billing-account.state';
import type { BillingContext } from './billing-context';
import { evolve } from './billing-account.evolve';

/**
 * Collects the events of one decision and keeps the state they lead to, so that each step of a
 * decision (due work, then the command) sees the effect of the steps before it. Local to one
 * `decide` call; nothing outside ever sees it mutate.
 */
export class Emitter {
  readonly events: BillingAccountEvent[] = [];

  constructor(
    private current: BillingAccountState,
    readonly context: BillingContext,
  ) {}

  get state(): BillingAccountState {
    return this.current;
  }

  emit(event: BillingAccountEvent): void {
    this.events.push(event);
    this.current = evolve(this.current, event);
  }
}
