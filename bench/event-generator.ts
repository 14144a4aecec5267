import { v7 as uuidv7 } from 'uuid';
import { Rejected } from '../libs/domain/decider';
import { accountStreamId, billingAccountDecider } from '../libs/domain/billing-account/billing-account.decider';
import type { BillingAccountCommand } from '../libs/domain/billing-account/billing-account.commands';
import { amountRemaining, openDocuments, type BillingAccountState } from '../libs/domain/billing-account/billing-account.state';
import type { BillingContext } from '../libs/domain/billing-account/billing-context';
import { defaultCatalog } from '../libs/domain/catalog/catalog';
import { ExchangeRateBook, TaxRateBook } from '../libs/domain/rates/rate-books';
import { EXCHANGE_RATES_STREAM, type ExchangeRateSet } from '../libs/domain/rates/rates.events';
import type { EventStore, NewEvent } from '../libs/event-store/event-store.port';
import { createProgress, type Progress } from '../libs/infra/progress';
import { quiet } from './bench-support';

/**
 * A simulation-like source of valid events: many accounts, each driven through the real decider
 * by a seeded random walk of what vendors do (subscribe, change tier and branches, report product
 * counts, pay their invoices, hibernate), with renewals and dunning falling due on the way. Events
 * are therefore exactly what the live system would store; they are appended a whole account
 * history at a time, through the engine's ordinary (group-committed) append.
 */
export const EXCHANGE_RATES: readonly ExchangeRateSet[] = [
  { type: 'ExchangeRateSet', data: { currency: 'EUR', rate: '1.17', effectiveAt: '2025-12-01T00:00:00.000Z', setAt: '2025-12-01T00:00:00.000Z' } },
  { type: 'ExchangeRateSet', data: { currency: 'USD', rate: '1.27', effectiveAt: '2025-12-01T00:00:00.000Z', setAt: '2025-12-01T00:00:00.000Z' } },
];
const CURRENCIES = ['GBP', 'GBP', 'GBP', 'EUR', 'USD'] as const;
const REGIONS = ['GB', 'GB', 'IE', 'FR', 'DE', 'CA-ON'] as const;
const TIERS = ['starter', 'pro', 'enterprise'] as const;
const DAY_MS = 86_400_000;
const START_MS = Date.parse('2026-01-01T00:00:00.000Z');

/** Mulberry32: a small seeded generator, so that a run is repeatable. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const GENERATOR_CONTEXT: BillingContext = {
  catalog: defaultCatalog,
  exchangeRates: ExchangeRateBook.from(EXCHANGE_RATES),
  taxRates: TaxRateBook.from([], defaultCatalog),
  newId: uuidv7,
};

function nextCommand(state: BillingAccountState, now: string, rnd: () => number): BillingAccountCommand {
  const roll = rnd();
  if (roll < 0.35) return { type: 'ReportProductCount', count: Math.floor(rnd() * 120), now };
  if (roll < 0.6) {
    const invoice = openDocuments(state)[0];
    if (invoice) return { type: 'RecordPayment', invoiceId: invoice.invoiceId, amount: { amount: amountRemaining(invoice), currency: state.currency }, reference: uuidv7(), gateway: 'sandbox', now };
    return { type: 'AdvanceTime', now };
  }
  if (roll < 0.75) return { type: 'ChangeBranches', delta: rnd() < 0.6 ? 1 : -1, now };
  if (roll < 0.87) return { type: 'ChangeTier', tier: TIERS[Math.floor(rnd() * TIERS.length)], now };
  if (roll < 0.9) return { type: 'Hibernate', now };
  if (roll < 0.93) return { type: 'Resume', now };
  if (roll < 0.95) return { type: 'RecordPaymentFailure', invoiceId: openDocuments(state)[0]?.invoiceId ?? 'none', reason: 'card_declined', now };
  return { type: 'AdvanceTime', now };
}

/** One account's history of about `target` events. */
export function accountHistory(index: number, target: number, seed = 1): { streamId: string; events: NewEvent[] } {
  const rnd = random(seed * 1_000_003 + index);
  const accountId = `sim-${index}`;
  let at = START_MS + Math.floor(rnd() * 28 * DAY_MS);
  const commands: Array<(now: string) => BillingAccountCommand> = [
    (now) => ({ type: 'OpenAccount', accountId, businessName: `Shop ${index}`, email: `owner${index}@shop.example`, currency: CURRENCIES[index % CURRENCIES.length], taxRegion: REGIONS[index % REGIONS.length], now }),
    (now) => ({ type: 'SetPaymentMethod', gateway: 'sandbox', token: 'tok_ok', now }),
    (now) => ({ type: 'Subscribe', tier: TIERS[Math.floor(rnd() * TIERS.length)], branches: 1 + Math.floor(rnd() * 3), now }),
  ];
  let state = billingAccountDecider.initialState();
  const events: NewEvent[] = [];
  for (let step = 0; events.length < target && step < target * 4; step++) {
    const now = new Date(at).toISOString();
    const command = step < commands.length ? commands[step](now) : nextCommand(state, now, rnd);
    try {
      const decided = billingAccountDecider.decide(command, state, GENERATOR_CONTEXT);
      for (const event of decided) {
        state = billingAccountDecider.evolve(state, event);
        events.push({
          id: uuidv7(),
          type: event.type,
          data: event.data as unknown as Record<string, unknown>,
          metadata: { correlationId: uuidv7(), causationId: uuidv7(), actor: `user-${accountId}`, command: command.type, occurredAt: now },
        });
      }
    } catch (error) {
      if (!(error instanceof Rejected)) throw error;
    }
    at += Math.floor(rnd() * 6 * DAY_MS) + 3_600_000;
  }
  return { streamId: accountStreamId(accountId), events };
}

export interface GenerateOptions {
  readonly events: number;
  readonly eventsPerAccount?: number;
  readonly concurrency?: number;
  readonly label?: string;
  readonly seed?: number;
}

/** Appends about `events` events; returns how many were written. */
export async function generateEvents(store: EventStore, options: GenerateOptions): Promise<number> {
  const perAccount = options.eventsPerAccount ?? 50;
  const concurrency = options.concurrency ?? 8;
  const bar: Progress = quiet() ? { tick: () => undefined, finish: () => undefined } : createProgress(options.label ?? 'generate', options.events);
  await appendExchangeRates(store);
  let written = EXCHANGE_RATES.length;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (written < options.events) {
        const index = next++;
        const { streamId, events } = accountHistory(index, Math.min(perAccount, Math.max(1, options.events - written)), options.seed);
        written += events.length;
        await store.append(streamId, events, { expectedRevision: 'no_stream' });
        bar.tick(written);
      }
    }),
  );
  bar.finish();
  return written;
}

/** The exchange rates the generated accounts in EUR and USD are invoiced with. */
export async function appendExchangeRates(store: EventStore): Promise<void> {
  await store.append(EXCHANGE_RATES_STREAM, EXCHANGE_RATES.map((event) => ({
    id: uuidv7(),
    type: event.type,
    data: event.data,
    metadata: { correlationId: uuidv7(), causationId: uuidv7(), actor: 'bench-finance', command: 'SetExchangeRate', occurredAt: event.data.setAt },
  })), { expectedRevision: 'any' });
}
