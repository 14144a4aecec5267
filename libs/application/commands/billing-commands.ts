import { uuidV7 } from './uuid-v7';
import { accountStreamId, billingAccountDecider } from '../../domain/billing-account/billing-account.decider';
import type { BillingAccountCommand } from '../../domain/billing-account/billing-account.commands';
import type { BillingAccountEvent } from '../../domain/billing-account/billing-account.events';
import type { BillingAccountState } from '../../domain/billing-account/billing-account.state';
import type { BillingContext } from '../../domain/billing-account/billing-context';
import { defaultCatalog, type Catalog } from '../../domain/catalog/catalog';
import type { EventStore } from '../../event-store/event-store.port';
import type { Clock } from '../../infra/clock/clock';
import { commandsTotal } from '../../infra/http/metrics';
import { commandMetadata } from './command-metadata';
import { readCurrentState } from './current-state';
import { foldAsStored, handleCommand, instantAfter, type CommandOutcome } from './handle-command';
import { RateBooksCache } from './rate-books.cache';
import { StreamSnapshots } from './stream-snapshots';
import { perStore } from './per-store';

/**
 * Runs billing-account commands for every entry point (HTTP, worker, Stripe webhooks): stamps the
 * time from the injected clock, builds the event metadata from the caller and the request
 * context, and gives the decider its context (catalog and the rate books folded from their
 * streams) before the shared command loop does the rest.
 *
 * The accounts' snapshots and the rate books are kept per event store, not per instance: the API
 * and the worker each build their own BillingCommands over the process's one store, and a write
 * by one would otherwise leave the other's snapshot behind (costing it a conflict and a re-read).
 */
export type AccountCommandInput = DistributiveOmit<BillingAccountCommand, 'now'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface CommandCaller {
  readonly actor: string;
  readonly role?: string;
  readonly idempotencyKey?: string;
  readonly requestHash?: string;
}

/** What a command would decide, decided and not appended (BillingCommands.dryRun). */
export interface DryRun {
  /** The instant the command was stamped with, from the injected clock. */
  readonly now: string;
  readonly events: readonly BillingAccountEvent[];
  readonly after: BillingAccountState;
  /** The context it was decided with: the command's own, with `newId` from the caller. */
  readonly context: BillingContext;
}

interface StoreCaches {
  readonly accounts: StreamSnapshots<BillingAccountState>;
  readonly rates: RateBooksCache;
}

const cachesOf = perStore<StoreCaches>((store) => ({ accounts: new StreamSnapshots<BillingAccountState>(), rates: new RateBooksCache(store) }));

export class BillingCommands {
  private readonly caches: StoreCaches;

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly catalog: Catalog = defaultCatalog,
  ) {
    this.caches = cachesOf(store);
  }

  async execute(accountId: string, input: AccountCommandInput, caller: CommandCaller): Promise<CommandOutcome<BillingAccountState>> {
    const now = this.clock.now().toISOString();
    const command = { ...input, now } as BillingAccountCommand;
    try {
      const outcome = await handleCommand(
        this.store,
        billingAccountDecider,
        {
          streamId: accountStreamId(accountId),
          command,
          metadata: commandMetadata(caller.actor, caller.role, input.type, now),
          idempotencyKey: caller.idempotencyKey,
          requestHash: caller.requestHash,
        },
        () => this.context(),
        this.caches.accounts,
      );
      commandsTotal.inc({ command: input.type, outcome: outcome.replayed ? 'replayed' : 'ok' });
      return outcome;
    } catch (error) {
      commandsTotal.inc({ command: input.type, outcome: (error as { code?: string }).code ?? 'error' });
      throw error;
    }
  }

  /**
   * What `execute(accountId, input)` would decide at this instant, decided the same way — the same
   * decider (due work first, then the command) on the account's current state, with the same
   * catalog and rate books — and appended nowhere. Ids come from `newId`, so that the caller can
   * tell the ones this decision made up. Reading the state leaves the snapshots as they were
   * (current-state.ts); a rejection is thrown exactly as the command would throw it.
   */
  async dryRun(accountId: string, input: AccountCommandInput, newId: () => string): Promise<DryRun> {
    const [{ state, occurredAt }, context] = await Promise.all([readCurrentState(this.store, billingAccountDecider, accountStreamId(accountId), this.caches.accounts), this.context()]);
    // The instant the command loop would stamp: the clock's, or the stream's last one if later.
    const now = instantAfter(this.clock.now().toISOString(), occurredAt);
    const command = { ...input, now } as BillingAccountCommand;
    const deciding: BillingContext = { ...context, newId };
    const events = billingAccountDecider.decide(command, state, deciding);
    return { now, events, after: foldAsStored(billingAccountDecider, state, events), context: deciding };
  }

  /** The catalog and the rate books as they stand now (rate-books.cache.ts). */
  async context(): Promise<BillingContext> {
    const { exchangeRates, taxRates } = await this.caches.rates.current();
    return { catalog: this.catalog, exchangeRates, taxRates, newId: () => uuidV7() };
  }
}
