// Over generated histories with payments, refunds and disputes, the events alone give back the account's credit and receivable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Rejected } from '../decider';
import { billingAccountDecider } from './billing-account.decider';
import type { BillingAccountCommand } from './billing-account.commands';
import type { BillingAccountEvent } from './billing-account.events';
import { amountRemaining, openDocuments, type BillingAccountState } from './billing-account.state';
import { contextFactory, historyOf, open, stateOf, subscribe } from './billing-account.fixtures';

type Step = (state: BillingAccountState, now: string) => BillingAccountCommand;

const pick = <T>(items: readonly T[], index: number): T | undefined => (items.length === 0 ? undefined : items[index % items.length]);

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.constantFrom('starter', 'pro', 'enterprise').map((tier): Step => (_state, now) => ({ type: 'ChangeTier', tier, now })),
  fc.integer({ min: -2, max: 2 }).map((delta): Step => (_state, now) => ({ type: 'ChangeBranches', delta, now })),
  fc.integer({ min: 0, max: 150 }).map((count): Step => (_state, now) => ({ type: 'ReportProductCount', count, now })),
  fc.constantFrom<'Hibernate' | 'Resume' | 'Cancel' | 'AdvanceTime'>('Hibernate', 'Resume', 'Cancel', 'AdvanceTime').map((type): Step => (_state, now) => ({ type, now })),
  fc.constantFrom('sandbox', 'stripe').map((gateway): Step => (_state, now) => ({ type: 'SetPaymentMethod', gateway, token: 'tok_ok', now })),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 300 }), fc.nat()).map(([index, percent, ref]): Step => (state, now) => {
    const invoice = pick(openDocuments(state), index);
    const amount = Math.max(1, Math.floor((invoice ? amountRemaining(invoice) : 100) * percent / 100));
    return { type: 'RecordPayment', invoiceId: invoice?.invoiceId ?? 'none', amount: { amount, currency: state.currency }, reference: `ref-${ref % 5}`, gateway: 'sandbox', now };
  }),
  fc.nat().map((index): Step => (state, now) => ({ type: 'RecordPaymentFailure', invoiceId: pick(openDocuments(state), index)?.invoiceId ?? 'none', reason: 'declined', now })),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 150 })).map(([index, amount]): Step => (state, now) => ({
    type: 'RefundPayment', paymentId: pick(Object.keys(state.payments), index) ?? 'none', amount: { amount, currency: state.currency }, reason: 'goodwill', now,
  })),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 150 })).map(([index, amount]): Step => (state, now) => ({
    type: 'OpenDispute', paymentId: pick(Object.keys(state.payments), index) ?? 'none', disputeId: `dp-${index % 3}`, amount: { amount, currency: state.currency }, now,
  })),
  fc.tuple(fc.nat(), fc.boolean()).map(([index, won]): Step => (_state, now) => ({ type: 'CloseDispute', disputeId: `dp-${index % 3}`, outcome: won ? 'won' : 'lost', now })),
);

function play(steps: readonly [Step, number][]): { events: BillingAccountEvent[]; state: BillingAccountState } {
  const context = contextFactory('p')();
  let state = stateOf(historyOf([open('2026-01-31T10:00:00Z'), subscribe('starter', 2, '2026-01-31T10:00:00Z')]));
  const events: BillingAccountEvent[] = [];
  let clock = Date.parse('2026-01-31T10:00:00Z');
  for (const [step, hours] of steps) {
    clock += hours * 3_600_000;
    try {
      const decided = billingAccountDecider.decide(step(state, new Date(clock).toISOString()), state, context);
      for (const event of decided) state = billingAccountDecider.evolve(state, event);
      events.push(...decided);
    } catch (error) {
      if (!(error instanceof Rejected)) throw error;
    }
  }
  return { events, state };
}

/** What a ledger projection would book, from the event data alone. */
function booked(events: readonly BillingAccountEvent[]): { credit: number; receivable: number } {
  let credit = 0;
  let receivable = 0;
  for (const event of events) {
    if (event.type === 'InvoiceIssued' && event.data.kind === 'invoice') {
      receivable += event.data.total - event.data.creditApplied;
      credit -= event.data.creditApplied;
    }
    if (event.type === 'InvoiceIssued' && event.data.kind === 'credit_note') credit -= event.data.total;
    if (event.type === 'PaymentRecorded') {
      receivable -= event.data.appliedToInvoice;
      credit += event.data.toCredit;
    }
    if (event.type === 'RefundIssued') credit -= event.data.amount;
  }
  return { credit, receivable };
}

test('property: credit and receivable booked from the events match the state, and credit never goes negative', () => {
  fc.assert(fc.property(fc.array(fc.tuple(stepArb, fc.integer({ min: 1, max: 24 * 20 })), { minLength: 1, maxLength: 30 }), (steps) => {
    const { events, state } = play(steps);
    const opening = booked(historyOf([open('2026-01-31T10:00:00Z'), subscribe('starter', 2, '2026-01-31T10:00:00Z')]));
    const total = booked(events);
    assert.equal(opening.credit + total.credit, state.credit);
    assert.ok(state.credit >= 0);
    const remaining = openDocuments(state).reduce((sum, document) => sum + amountRemaining(document), 0);
    assert.equal(opening.receivable + total.receivable, remaining);
    for (const payment of Object.values(state.payments)) assert.ok(payment.refunded + payment.disputed <= payment.amount);
  }), { numRuns: 300 });
});

test('property: replaying the stored JSON of the events gives back the same state', () => {
  fc.assert(fc.property(fc.array(fc.tuple(stepArb, fc.integer({ min: 1, max: 24 * 20 })), { minLength: 1, maxLength: 30 }), (steps) => {
    const { events, state } = play(steps);
    const opening = historyOf([open('2026-01-31T10:00:00Z'), subscribe('starter', 2, '2026-01-31T10:00:00Z')]);
    const stored = JSON.parse(JSON.stringify([...opening, ...events])) as BillingAccountEvent[];
    assert.deepEqual(stateOf(stored), state);
  }), { numRuns: 100 });
});
