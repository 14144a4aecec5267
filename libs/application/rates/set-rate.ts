import type { Decider, DomainEvent } from '../../domain/decider';
import { exchangeRatesDecider, taxRatesDecider, type SetExchangeRate, type SetTaxRate } from '../../domain/rates/rates.decider';
import { EXCHANGE_RATES_STREAM, TAX_RATES_STREAM } from '../../domain/rates/rates.events';
import type { EventStore } from '../../event-store/event-store.port';
import type { Clock } from '../../infra/clock/clock';
import { commandMetadata } from '../commands/command-metadata';
import type { CommandCaller } from '../commands/billing-commands';
import { handleCommand } from '../commands/handle-command';

/**
 * Finance sets an exchange or a tax rate: one event in the rates' own stream, stamped by the
 * injected clock. The API's rates endpoints and the demo both come through here.
 */
export interface RateOutcome {
  readonly data: Record<string, unknown> | undefined;
  readonly position: string | undefined;
}

export function setExchangeRate(store: EventStore, clock: Clock, input: Omit<SetExchangeRate, 'type' | 'now'>, caller: CommandCaller): Promise<RateOutcome> {
  return run(store, clock, EXCHANGE_RATES_STREAM, exchangeRatesDecider, { type: 'SetExchangeRate', ...input }, caller);
}

export function setTaxRate(store: EventStore, clock: Clock, input: Omit<SetTaxRate, 'type' | 'now'>, caller: CommandCaller): Promise<RateOutcome> {
  return run(store, clock, TAX_RATES_STREAM, taxRatesDecider, { type: 'SetTaxRate', ...input }, caller);
}

async function run<C extends { type: string; now: string }, E extends DomainEvent, S>(store: EventStore, clock: Clock, streamId: string, decider: Decider<C, E, S>, input: Omit<C, 'now'>, caller: CommandCaller): Promise<RateOutcome> {
  const now = clock.now().toISOString();
  const outcome = await handleCommand(store, decider, { streamId, command: { ...input, now } as C, metadata: commandMetadata(caller.actor, caller.role, input.type, now) }, () => undefined);
  return { data: outcome.appended[0]?.data, position: outcome.position };
}
