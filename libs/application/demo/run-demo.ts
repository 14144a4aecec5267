import type { Logger } from 'pino';
import type { Pool } from 'pg';
import { Rejected } from '../../domain/decider';
import { amountRemaining, openDocuments } from '../../domain/billing-account/billing-account.state';
import type { EventStore } from '../../event-store/event-store.port';
import { ManualClock } from '../../infra/clock/clock';
import { acquireHistoryWriterLock } from '../../infra/database/history-writer-lock';
import { runWithContext } from '../../infra/logging/request-context';
import { ProjectionRunner } from '../../infra/projections/projection-runner';
import { createPaymentGateways } from '../../payments/payment-gateways.factory';
import { ALL_PROJECTIONS } from '../../../projections/all-projections';
import { BillingCommands, type AccountCommandInput, type CommandCaller } from '../commands/billing-commands';
import { DueWorkRunner } from '../due-work/due-work.runner';
import { readAccount } from '../payments/account-history';
import { PAYMENT_COLLECTOR, PaymentCollector } from '../payments/collector';
import { setExchangeRate } from '../rates/set-rate';
import { planDemo, type DemoPlan, type DemoStep } from './demo-plan';

/**
 * `npm run ledger -- demo`: fills an empty ledger with a simulated history so that the console has
 * something to show. The history is placed in the past and ends now: a manual clock of the demo's
 * own starts `months` ago and walks forward day by day, running every renewal, grace expiry and
 * dunning step as it falls due (the same DueWorkRunner the manual clock endpoint uses), while the
 * demo's own payment collector charges the sandbox cards as invoices are issued. Every event goes
 * through the same commands and deciders as the API's, so the history is a valid one: each stream
 * only moves forward in time, and `ledger verify` holds over it.
 *
 * A service running on the same database pauses its time-driven work while the demo writes
 * (history-writer-lock.ts); the demo refuses a ledger that already holds events, since history
 * placed before them would run time backwards.
 */
export interface DemoOptions {
  readonly accounts: number;
  readonly months: number;
  readonly seed?: number;
  /** Called after each simulated day. */
  readonly onDay?: (day: number, days: number, note: string) => void;
}

export interface DemoReport {
  readonly from: string;
  readonly to: string;
  readonly accounts: number;
  readonly commands: number;
  /** Commands the ledger refused (a downgrade over the product limit, say), by code: part of the story. */
  readonly refused: ReadonlyMap<string, number>;
}

export class DemoRefused extends Error {}

const FINANCE: CommandCaller = { actor: 'finance@demo.example', role: 'finance' };
const DAY_MS = 86_400_000;
const VENDORS_AT_ONCE = 12;

function stepsByDay(plan: DemoPlan): Map<number, DemoStep[]> {
  const days = new Map<number, DemoStep[]>();
  for (const step of plan.steps) {
    const day = Math.floor((step.at.getTime() - plan.start.getTime()) / DAY_MS);
    days.set(day, [...(days.get(day) ?? []), step]);
  }
  return days;
}

async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(lanes);
}

export async function runDemo(pool: Pool, store: EventStore, logger: Logger, options: DemoOptions): Promise<DemoReport> {
  await refuseUnlessEmpty(store);
  const lock = await acquireHistoryWriterLock(pool);
  if (!lock) throw new DemoRefused('another demo is writing to this ledger right now');
  try {
    // Checked again under the lock: another writer may have finished in between.
    await refuseUnlessEmpty(store);
    const plan = planDemo({ accounts: options.accounts, months: options.months, end: new Date(), seed: options.seed });
    return await play(pool, store, logger, plan, options);
  } finally {
    await lock.release();
  }
}

async function refuseUnlessEmpty(store: EventStore): Promise<void> {
  const accounts = await store.readAll({ maxCount: 1, filter: { streamPrefixes: ['account-'] } });
  if (accounts.length > 0) throw new DemoRefused('this ledger already holds accounts; the demo fills an empty ledger only (start on a fresh DATA_DIR or an empty database)');
  const anything = await store.readAll({ maxCount: 1 });
  if (anything.length > 0) throw new DemoRefused('this ledger already holds events (exchange or tax rates); a history placed before them would run time backwards, so the demo fills an empty ledger only');
}

async function play(pool: Pool, store: EventStore, logger: Logger, plan: DemoPlan, options: DemoOptions): Promise<DemoReport> {
  const clock = new ManualClock(plan.start);
  const commands = new BillingCommands(store, clock);
  const projections = new ProjectionRunner(pool, store, ALL_PROJECTIONS, logger);
  const collector = new PaymentCollector(pool, store, commands, createPaymentGateways(), undefined, logger, { yieldToHistoryWriter: false });
  // A day on which thousands of vendors open is thousands of charges for the collector to make:
  // settle waits for as long as it keeps moving.
  const dueWork = new DueWorkRunner(pool, store, commands, clock, logger, {
    settleOn: [...ALL_PROJECTIONS.map((projection) => projection.name), PAYMENT_COLLECTOR],
  });
  await projections.start();
  await collector.start();
  const refused = new Map<string, number>();
  // A vendor's own moves are recorded as the owner's (their email), as the app's token would say.
  const owners = new Map(plan.vendors.map((vendor) => [vendor.accountId, { actor: vendor.email, role: 'vendor' }]));
  let sent = 0;
  try {
    for (const [currency, rate] of Object.entries(plan.exchangeRates)) {
      await setExchangeRate(store, clock, { currency, rate, effectiveAt: plan.start.toISOString() }, FINANCE);
    }
    const days = Math.ceil((plan.end.getTime() - plan.start.getTime()) / DAY_MS);
    let rateChanged = false;
    for (const [day, steps] of stepsByDay(plan)) {
      await dueWork.advanceClockTo(new Date(plan.start.getTime() + day * DAY_MS));
      if (!rateChanged && plan.rateChange.at.getTime() < plan.start.getTime() + (day + 1) * DAY_MS) {
        rateChanged = true;
        const at = { now: () => plan.rateChange.at };
        await setExchangeRate(store, at, { currency: plan.rateChange.currency, rate: plan.rateChange.rate, effectiveAt: plan.rateChange.at.toISOString() }, FINANCE);
      }
      // Vendors act independently of each other: each one's steps run in order, at their own
      // instants, while several vendors' run side by side.
      const byAccount = new Map<string, DemoStep[]>();
      for (const step of steps) byAccount.set(step.accountId, [...(byAccount.get(step.accountId) ?? []), step]);
      await inParallel([...byAccount.values()], VENDORS_AT_ONCE, async (own) => {
        for (const step of own) {
          const count = await perform(store, step, owners, step.at.toISOString(), refused);
          sent += count;
        }
      });
      options.onDay?.(day, days, `${sent} commands`);
    }
    // Up to the wall clock as it is now: the live service takes over from here.
    await dueWork.advanceClockTo(new Date(Math.max(Date.now(), clock.now().getTime())));
    options.onDay?.(days, days, `${sent} commands`);
  } finally {
    await collector.stop();
    await projections.stop();
  }
  return { from: plan.start.toISOString(), to: clock.now().toISOString(), accounts: plan.vendors.length, commands: sent, refused };
}

/** Sends a step's commands; answers how many were sent. A refusal is counted, not fatal. */
async function perform(store: EventStore, step: DemoStep, owners: ReadonlyMap<string, CommandCaller>, sequence: string, refused: Map<string, number>): Promise<number> {
  const inputs = await inputsFor(store, step, owners.get(step.accountId) ?? { actor: step.accountId, role: 'vendor' });
  // Each step happens at its own instant (the snapshots and rate books are shared per store).
  const commands = new BillingCommands(store, { now: () => step.at });
  let sent = 0;
  for (const { input, caller } of inputs) {
    sent++;
    const correlationId = `demo-${step.accountId}-${sequence}-${sent}`;
    try {
      await runWithContext({ correlationId, requestId: correlationId }, () => commands.execute(step.accountId, input, caller));
    } catch (error) {
      if (!(error instanceof Rejected)) throw error;
      refused.set(error.code, (refused.get(error.code) ?? 0) + 1);
      if (input.type === 'OpenAccount' || input.type === 'Subscribe') throw error;
    }
  }
  return sent;
}

async function inputsFor(store: EventStore, step: DemoStep, owner: CommandCaller): Promise<Array<{ input: AccountCommandInput; caller: CommandCaller }>> {
  const action = step.action;
  if (action.kind === 'open') {
    const { vendor } = action;
    const open: AccountCommandInput = { type: 'OpenAccount', accountId: vendor.accountId, businessName: vendor.businessName, email: vendor.email, currency: vendor.currency, taxRegion: vendor.taxRegion };
    const card: AccountCommandInput[] = vendor.payment === 'bank-transfer' ? [] : [{ type: 'SetPaymentMethod', gateway: 'sandbox', token: vendor.payment === 'card' ? 'tok_ok' : 'tok_decline' }];
    return [open, ...card, { type: 'Subscribe', tier: vendor.tier, branches: vendor.branches } as AccountCommandInput].map((input) => ({ input, caller: owner }));
  }
  switch (action.kind) {
    case 'changeTier':
      return [{ input: { type: 'ChangeTier', tier: action.tier }, caller: owner }];
    case 'branches':
      return [{ input: { type: 'ChangeBranches', delta: action.delta }, caller: owner }];
    case 'productCount':
      return [{ input: { type: 'ReportProductCount', count: action.count }, caller: { actor: 'directory-app', role: 'vendor' } }];
    case 'hibernate':
      return [{ input: { type: 'Hibernate' }, caller: owner }];
    case 'resume':
      return [{ input: { type: 'Resume' }, caller: owner }];
    case 'cancel':
      return [{ input: { type: 'Cancel' }, caller: owner }];
    case 'replaceCard':
      return [{ input: { type: 'SetPaymentMethod', gateway: 'sandbox', token: 'tok_ok' }, caller: owner }];
    case 'settleByTransfer': {
      const { state } = await readAccount(store, step.accountId);
      return openDocuments(state)
        .filter((document) => document.kind === 'invoice' && amountRemaining(document) > 0)
        .map((document) => ({
          input: { type: 'RecordPayment', invoiceId: document.invoiceId, amount: { amount: amountRemaining(document), currency: document.currency }, reference: `transfer-${document.invoiceId}`, gateway: 'manual' } as AccountCommandInput,
          caller: FINANCE,
        }));
    }
  }
}
