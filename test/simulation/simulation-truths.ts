import { fold } from '../../libs/domain/decider';
import { billingAccountDecider } from '../../libs/domain/billing-account/billing-account.decider';
import { eventInstant, type BillingAccountEvent } from '../../libs/domain/billing-account/billing-account.events';
import { mrrOf } from '../../libs/domain/billing-account/mrr';
import type { EventStore, StoredEvent } from '../../libs/event-store/event-store.port';
import { accountTruthOf, type AccountTruth } from '../../projections/journal/ledger-invariants';

/**
 * What the events alone say, worked out with the domain's decider and nothing from a read model:
 * each account's Receivable and credit, and each account's MRR at the end of every UTC day.
 */
export async function accountStreams(store: EventStore, accountIds: readonly string[]): Promise<Map<string, StoredEvent[]>> {
  const streams = new Map<string, StoredEvent[]>();
  for (const accountId of accountIds) streams.set(accountId, await store.readStream(`account-${accountId}`));
  return streams;
}

export function truthsOf(streams: ReadonlyMap<string, StoredEvent[]>): AccountTruth[] {
  return [...streams.values()].filter((events) => events.length > 0).map((events) => accountTruthOf(fold(billingAccountDecider, events as unknown as BillingAccountEvent[])));
}

/**
 * Total MRR (pence) at the end of each day in `days`. An account's MRR changes on the UTC day of
 * the event's own instant (`eventInstant`), and — the MRR read model's rule — never on a day
 * before its previous change. The state is folded event by event with the domain's evolve and
 * priced with `mrrOf`.
 */
export function mrrByDay(streams: ReadonlyMap<string, StoredEvent[]>, days: readonly string[]): number[] {
  const totals = days.map(() => 0);
  for (const events of streams.values()) {
    let state = billingAccountDecider.initialState();
    let mrr = 0;
    let lastDay: string | null = null;
    const changes: Array<{ day: string; mrr: number }> = [];
    for (const event of events) {
      state = billingAccountDecider.evolve(state, event as unknown as BillingAccountEvent);
      const after = mrrOf(state);
      if (after === mrr) continue;
      const eventDay = eventInstant(event as unknown as BillingAccountEvent).slice(0, 10);
      const day: string = lastDay !== null && eventDay < lastDay ? lastDay : eventDay;
      changes.push({ day, mrr: after });
      mrr = after;
      lastDay = day;
    }
    let next = 0;
    let current = 0;
    days.forEach((day, index) => {
      while (next < changes.length && changes[next].day <= day) current = changes[next++].mrr;
      totals[index] += current;
    });
  }
  return totals;
}
