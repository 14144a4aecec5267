import { v7 as uuidv7 } from 'uuid';
import { accountStreamId, billingAccountDecider } from '../libs/domain/billing-account/billing-account.decider';
import type { BillingAccountCommand } from '../libs/domain/billing-account/billing-account.commands';
import { nextDueAt } from '../libs/domain/billing-account/due-work';
import { amountRemaining, openDocuments, type BillingAccountState } from '../libs/domain/billing-account/billing-account.state';
import type { EventStore, NewEvent } from '../libs/event-store/event-store.port';
import { eachAtMost } from '../libs/infra/each-at-most';
import { appendExchangeRates, GENERATOR_CONTEXT } from './event-generator';

/**
 * The accounts of renewal day: every one opened and subscribed on the same day, so that all their
 * periods end at the same instant. Half pay by sandbox card (`tok_ok`, as `PUT …/payment-method`
 * sets it), the other half by bank transfer; some add a branch during the month, some ask to
 * hibernate at the period's end, and some report more products than their tier allows (a grace
 * running at renewal). Each history goes through the real decider, like bench/event-generator.ts,
 * and is appended a whole account at a time.
 */
export const RENEWAL_DAY_START = '2026-03-02T09:00:00.000Z';
const TIERS = ['starter', 'pro', 'enterprise'] as const;
const CURRENCIES = ['GBP', 'GBP', 'GBP', 'EUR'] as const;
const REGIONS = ['GB', 'GB', 'IE', 'FR', 'DE'] as const;
const DAY_MS = 86_400_000;

export interface RenewalMix {
  readonly accounts: number;
  readonly withCard: number;
  readonly withExtraBranch: number;
  readonly hibernating: number;
  readonly overLimit: number;
  readonly events: number;
}

type Step = (state: BillingAccountState, now: string) => BillingAccountCommand | undefined;

function stepsOf(index: number): Array<[number, Step]> {
  const accountId = `renew-${index}`;
  const tier = TIERS[index % TIERS.length];
  const steps: Array<[number, Step]> = [
    [0, (_, now) => ({ type: 'OpenAccount', accountId, businessName: `Shop ${index}`, email: `owner${index}@shop.example`, currency: CURRENCIES[index % CURRENCIES.length], taxRegion: REGIONS[index % REGIONS.length], now })],
  ];
  if (index % 2 === 0) steps.push([0, (_, now) => ({ type: 'SetPaymentMethod', gateway: 'sandbox', token: 'tok_ok', now })]);
  steps.push([0, (_, now) => ({ type: 'Subscribe', tier, branches: index % 4 === 1 ? 3 : 1, now })]);
  steps.push([0, (state, now) => {
    const invoice = openDocuments(state)[0];
    return invoice && { type: 'RecordPayment', invoiceId: invoice.invoiceId, amount: { amount: amountRemaining(invoice), currency: state.currency }, reference: `setup-${index}`, gateway: index % 2 === 0 ? 'sandbox' : 'bank', now };
  }]);
  if (index % 5 === 2) steps.push([3, (_, now) => ({ type: 'ChangeBranches', delta: 1, now })]);
  if (index % 10 === 3) steps.push([10, (_, now) => ({ type: 'Hibernate', now })]);
  const overLimit = index % 10 === 7 && tier !== 'enterprise';
  steps.push([overLimit ? 27 : 20, (_, now) => ({ type: 'ReportProductCount', count: overLimit ? 150 : 5, now })]);
  return steps;
}

/** One account's history before renewal day, and the instant its renewal falls due. */
export function renewalAccount(index: number): { streamId: string; events: NewEvent[]; dueAt: string } {
  const opened = Date.parse(RENEWAL_DAY_START) + (index % 3_600) * 1_000;
  let state = billingAccountDecider.initialState();
  const events: NewEvent[] = [];
  for (const [day, step] of stepsOf(index)) {
    const now = new Date(opened + day * DAY_MS).toISOString();
    const command = step(state, now);
    if (!command) continue;
    for (const event of billingAccountDecider.decide(command, state, GENERATOR_CONTEXT)) {
      state = billingAccountDecider.evolve(state, event);
      events.push({
        id: uuidv7(),
        type: event.type,
        data: event.data as unknown as Record<string, unknown>,
        metadata: { correlationId: uuidv7(), causationId: uuidv7(), actor: `user-renew-${index}`, command: command.type, occurredAt: now },
      });
    }
  }
  const dueAt = nextDueAt(state);
  if (dueAt === undefined) throw new Error(`renewal account ${index} has nothing due`);
  return { streamId: accountStreamId(`renew-${index}`), events, dueAt };
}

/** Appends every account's history; answers the mix and the last instant at which a renewal falls due. */
export async function loadRenewalAccounts(store: EventStore, accounts: number): Promise<{ mix: RenewalMix; lastDueAt: string }> {
  await appendExchangeRates(store);
  let events = 0;
  let lastDueAt = '';
  const indexes = Array.from({ length: accounts }, (_, index) => index);
  await eachAtMost(8, indexes, async (index) => {
    const account = renewalAccount(index);
    events += account.events.length;
    if (account.dueAt > lastDueAt) lastDueAt = account.dueAt;
    await store.append(account.streamId, account.events, { expectedRevision: 'no_stream' });
  });
  const count = (test: (index: number) => boolean) => indexes.filter(test).length;
  return {
    mix: {
      accounts,
      withCard: count((i) => i % 2 === 0),
      withExtraBranch: count((i) => i % 5 === 2 || i % 4 === 1),
      hibernating: count((i) => i % 10 === 3),
      overLimit: count((i) => i % 10 === 7 && TIERS[i % TIERS.length] !== 'enterprise'),
      events,
    },
    lastDueAt,
  };
}
