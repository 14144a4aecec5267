import { v7 as uuidv7 } from 'uuid';
import { fold } from '../../domain/decider';
import { accountStreamId, billingAccountDecider } from '../../domain/billing-account/billing-account.decider';
import type { BillingAccountCommand } from '../../domain/billing-account/billing-account.commands';
import type { BillingAccountState } from '../../domain/billing-account/billing-account.state';
import type { BillingContext } from '../../domain/billing-account/billing-context';
import { defaultCatalog, type Catalog } from '../../domain/catalog/catalog';
import { EXCHANGE_RATES_STREAM, TAX_RATES_STREAM } from '../../domain/rates/rates.events';
import { exchangeRatesDecider, taxRatesDecider } from '../../domain/rates/rates.decider';
import type { EventStore } from '../../event-store/event-store.port';
import type { Clock } from '../clock/clock';
import { commandsTotal } from '../http/metrics';
import { commandMetadata } from './command-metadata';
import { handleCommand, type CommandOutcome } from './handle-command';

/**
 * Runs billing-account commands for every entry point (HTTP, worker, Stripe webhooks): stamps the
 * time from the injected clock, builds the event metadata from the caller and the request
 * context, and gives the decider its context (catalog and the rate books folded from their
 * streams) before the shared command loop does the rest.
 */
export type AccountCommandInput = DistributiveOmit<BillingAccountCommand, 'now'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface CommandCaller {
  readonly actor: string;
  readonly role?: string;
  readonly idempotencyKey?: string;
  readonly requestHash?: string;
}

export class BillingCommands {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly catalog: Catalog = defaultCatalog,
  ) {}

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
      );
      commandsTotal.inc({ command: input.type, outcome: outcome.replayed ? 'replayed' : 'ok' });
      return outcome;
    } catch (error) {
      commandsTotal.inc({ command: input.type, outcome: (error as { code?: string }).code ?? 'error' });
      throw error;
    }
  }

  /** The catalog and the rate books as they stand now; rates are events, read like any stream. */
  async context(): Promise<BillingContext> {
    const [exchange, tax] = await Promise.all([this.store.readStream(EXCHANGE_RATES_STREAM), this.store.readStream(TAX_RATES_STREAM)]);
    return {
      catalog: this.catalog,
      exchangeRates: fold(exchangeRatesDecider, exchange as never),
      taxRates: fold(taxRatesDecider, tax as never),
      newId: uuidv7,
    };
  }
}
