import type { Decider, DomainEvent } from '../../domain/decider';
import { EXCHANGE_RATES_STREAM, TAX_RATES_STREAM } from '../../domain/rates/rates.events';
import { exchangeRatesDecider, taxRatesDecider } from '../../domain/rates/rates.decider';
import type { ExchangeRateBook, TaxRateBook } from '../../domain/rates/rate-books';
import type { EventStore } from '../../event-store/event-store.port';

/**
 * The rate books every billing command decides with, kept folded between commands. Rates change
 * rarely, but their streams only grow, and reading and folding both of them whole for every
 * command grew with them. A command still asks the store for the rate events after the revision
 * the books were folded to (usually none), so it never decides with books older than a fresh read
 * would give, whichever process appended a rate.
 *
 * Commands arriving in the same turn of the event loop share one such catch-up; a command only
 * joins a catch-up whose reads have not been sent yet, so every rate committed before the command
 * arrived is in the books it gets.
 */
export interface RateBooks {
  readonly exchangeRates: ExchangeRateBook;
  readonly taxRates: TaxRateBook;
}

interface Folded<TState> {
  readonly state: TState;
  /** Revision of the last event folded in; -1 before the first. */
  readonly revision: number;
}

export class RateBooksCache {
  private exchange: Folded<ExchangeRateBook> = { state: exchangeRatesDecider.initialState(), revision: -1 };
  private tax: Folded<TaxRateBook> = { state: taxRatesDecider.initialState(), revision: -1 };
  private next: Promise<RateBooks> | undefined;

  constructor(private readonly store: EventStore) {}

  /** The books as of now: caught up with every rate event committed before this call. */
  current(): Promise<RateBooks> {
    this.next ??= new Promise<RateBooks>((resolve, reject) => {
      setImmediate(() => {
        // From here on the reads are on their way; later callers need a catch-up of their own.
        this.next = undefined;
        this.catchUp().then(resolve, reject);
      });
    });
    return this.next;
  }

  private async catchUp(): Promise<RateBooks> {
    const [exchange, tax] = await Promise.all([
      caughtUp(this.store, EXCHANGE_RATES_STREAM, exchangeRatesDecider, this.exchange),
      caughtUp(this.store, TAX_RATES_STREAM, taxRatesDecider, this.tax),
    ]);
    // Catch-ups may finish out of order; the books kept only ever move forwards.
    if (exchange.revision > this.exchange.revision) this.exchange = exchange;
    if (tax.revision > this.tax.revision) this.tax = tax;
    return { exchangeRates: exchange.state, taxRates: tax.state };
  }
}

async function caughtUp<TEvent extends DomainEvent, TState>(
  store: EventStore,
  streamId: string,
  decider: Pick<Decider<unknown, TEvent, TState, unknown>, 'initialState' | 'evolve'>,
  from: Folded<TState>,
): Promise<Folded<TState>> {
  const events = await store.readStream(streamId, { fromRevision: from.revision + 1 });
  if (events.length === 0) return from;
  // A stream's revisions have no gaps; anything else means the books cannot be trusted, so they
  // are folded again from the start.
  const base = events[0].revision === from.revision + 1 ? from.state : undefined;
  const history = base === undefined ? await store.readStream(streamId) : events;
  let state = base ?? decider.initialState();
  for (const event of history) state = decider.evolve(state, event as unknown as TEvent);
  return { state, revision: history.at(-1)?.revision ?? -1 };
}
