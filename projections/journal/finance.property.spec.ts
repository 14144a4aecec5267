// Over generated account histories (tier and branch changes, hibernation, cancellation, payments,
// refunds, disputes, discounts, contract prices, time passing), the finance read models stay consistent with the domain state:
// the journal balances and matches credit and receivable, numbers stay gap-free, MRR follows mrrOf.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Rejected } from '../../libs/domain/decider';
import { billingAccountDecider } from '../../libs/domain/billing-account/billing-account.decider';
import type { BillingAccountCommand } from '../../libs/domain/billing-account/billing-account.commands';
import type { BillingAccountEvent } from '../../libs/domain/billing-account/billing-account.events';
import { amountRemaining, openDocuments, type BillingAccountState } from '../../libs/domain/billing-account/billing-account.state';
import { mrrOf } from '../../libs/domain/billing-account/mrr';
import { contextFactory } from '../../libs/domain/billing-account/billing-account.fixtures';
import { postingsFor } from './journal.postings';
import { emptyBook, evolveInvoiceBook, formatNumber } from '../invoices/invoices.evolve';
import { evolveMrr, movementsOf, newTracker, type MrrDay } from '../mrr/mrr.evolve';
import { TestFeed } from '../invoices/finance-events.fixtures';

type Action = (state: BillingAccountState, now: string) => BillingAccountCommand;

const nth = <T>(items: readonly T[], index: number): T | undefined => items[index % Math.max(1, items.length)];
const paymentIds = (state: BillingAccountState) => Object.keys(state.payments);

/** A coupon redeemed at `now`: percent or amount, any duration (drawn twice as often as the rest). */
const discountArb: fc.Arbitrary<Action> = fc.tuple(fc.constantFrom('25', '100', '12.5'), fc.integer({ min: 1, max: 900 }), fc.boolean(), fc.constantFrom('once', 'repeating', 'forever'), fc.nat()).map(
  ([percentOff, amountOffGbp, percent, duration, index]): Action => (_s, now) => ({
    type: 'ApplyDiscount', redemptionId: `rd-${index}-${now}`, redeemedAt: now, now,
    terms: { code: percent ? `PCT-${percentOff.replace('.', '-')}` : `AMT-${amountOffGbp}`, percentOff: percent ? percentOff : null, amountOffGbp: percent ? null : amountOffGbp, duration, months: duration === 'repeating' ? 2 : null },
  }),
);

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  fc.constantFrom('starter', 'pro', 'enterprise').map((tier): Action => (_s, now) => ({ type: 'ChangeTier', tier, now })),
  fc.constantFrom(-1, 1, 2).map((delta): Action => (_s, now) => ({ type: 'ChangeBranches', delta, now })),
  fc.constantFrom('Hibernate', 'Resume', 'Cancel', 'AdvanceTime').map((type): Action => (_s, now) => ({ type, now }) as BillingAccountCommand),
  fc.constant<Action>((_s, now) => ({ type: 'Subscribe', tier: 'pro', branches: 1, now })),
  fc.constant<Action>((_s, now) => ({ type: 'SetPaymentMethod', gateway: 'sandbox', token: 'tok_ok', now })),
  fc.tuple(fc.nat(), fc.integer({ min: 10, max: 200 })).map(([index, percent]): Action => (state, now) => {
    const invoice = nth(openDocuments(state), index);
    const amount = Math.max(1, Math.floor(((invoice ? amountRemaining(invoice) : 50) * percent) / 100));
    return { type: 'RecordPayment', invoiceId: invoice?.invoiceId ?? 'none', amount: { amount, currency: state.currency }, reference: `r-${index}`, gateway: index % 2 ? 'stripe' : 'sandbox', now };
  }),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 100 })).map(([index, amount]): Action => (state, now) => ({
    type: 'RefundPayment', paymentId: nth(paymentIds(state), index) ?? 'none', amount: { amount, currency: state.currency }, reason: 'goodwill', now,
  })),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 100 })).map(([index, amount]): Action => (state, now) => ({
    type: 'OpenDispute', paymentId: nth(paymentIds(state), index) ?? 'none', disputeId: `dp-${index % 3}`, amount: { amount, currency: state.currency }, now,
  })),
  fc.tuple(fc.nat(), fc.boolean()).map(([index, won]): Action => (_s, now) => ({ type: 'CloseDispute', disputeId: `dp-${index % 3}`, outcome: won ? 'won' : 'lost', now })),
  discountArb,
  discountArb,
  fc.constant<Action>((_s, now) => ({ type: 'RemoveDiscount', now })),
  fc.tuple(fc.constantFrom('starter', 'pro', 'enterprise'), fc.integer({ min: 0, max: 700 })).map(([tier, price]): Action => (_s, now) => ({ type: 'SetContractPrices', tierPricesGbp: { [tier]: price }, now })),
);

/** Plays the actions through the real decider, skipping the ones it refuses. */
function play(actions: ReadonlyArray<readonly [Action, number]>): { events: BillingAccountEvent[]; state: BillingAccountState } {
  const context = contextFactory('g')();
  let state = billingAccountDecider.initialState();
  const events: BillingAccountEvent[] = [];
  let clock = Date.parse('2026-01-31T10:00:00Z');
  const opening: Action[] = [
    (_s, now) => ({ type: 'OpenAccount', accountId: 'gen', businessName: 'Gen', email: 'gen@example.com', currency: 'GBP', taxRegion: 'GB', now }),
    (_s, now) => ({ type: 'Subscribe', tier: 'starter', branches: 2, now }),
  ];
  for (const [action, hours] of [...opening.map((a) => [a, 0] as const), ...actions]) {
    clock += hours * 3_600_000;
    try {
      for (const event of billingAccountDecider.decide(action(state, new Date(clock).toISOString()), state, context)) {
        state = billingAccountDecider.evolve(state, event);
        events.push(event);
      }
    } catch (error) {
      if (!(error instanceof Rejected)) throw error;
    }
  }
  return { events, state };
}

test('property: the finance read models agree with the domain state over generated histories', () => {
  let discountedHistories = 0;
  fc.assert(
    fc.property(fc.array(fc.tuple(actionArb, fc.integer({ min: 1, max: 24 * 12 })), { minLength: 1, maxLength: 40 }), (actions) => {
      const { events, state } = play(actions);
      const stored = new TestFeed().events('gen', events);

      const payments = new Map<string, { gateway: string; invoiceId: string }>();
      const balances = new Map<string, number>();
      for (const event of stored) {
        if (event.type === 'PaymentRecorded') payments.set(String(event.data.paymentId), { gateway: String(event.data.gateway), invoiceId: String(event.data.invoiceId) });
        for (const entry of postingsFor(event, { paymentOf: (id) => payments.get(id) })) {
          for (const line of entry.lines) balances.set(line.ledgerAccount, (balances.get(line.ledgerAccount) ?? 0) + line.debit - line.credit);
        }
      }
      assert.equal([...balances.values()].reduce((a, b) => a + b, 0), 0, 'the book sums to zero');
      assert.equal(balances.get('Receivable') ?? 0, openDocuments(state).reduce((sum, d) => sum + amountRemaining(d), 0), 'Receivable');
      assert.equal(0 - (balances.get('CustomerCredit') ?? 0), state.credit, 'CustomerCredit');
      const discounts = events.flatMap((event) => (event.type === 'InvoiceIssued' ? event.data.lines.filter((line) => line.kind === 'discount') : [])).reduce((sum, line) => sum - line.amount, 0);
      assert.equal(balances.get('Discounts') ?? 0, discounts, 'Discounts holds every discount given, less those taken back on credit notes');
      if (discounts !== 0) discountedHistories += 1;
      const openDisputes = Object.values(state.disputes).filter((d) => d.status === 'open').reduce((sum, d) => sum + d.amount, 0);
      assert.equal(balances.get('Disputed') ?? 0, openDisputes, 'Disputed holds the open disputes');

      const book = emptyBook();
      for (const event of stored) evolveInvoiceBook(book, event);
      const documents = Object.values(state.documents);
      for (const kind of ['invoice', 'credit_note'] as const) {
        const numbers = [...book.records.values()].filter((r) => r.issued.kind === kind).map((r) => r.number);
        assert.deepEqual(numbers, documents.filter((d) => d.kind === kind).map((_d, i) => formatNumber(kind, i + 1)), `${kind} numbers`);
      }
      for (const document of documents) assert.equal(book.records.get(document.invoiceId)?.status, document.status, `status of ${document.invoiceId}`);

      let tracker = newTracker('gen');
      const days = new Map<string, MrrDay>();
      for (const event of stored) {
        const step = evolveMrr(tracker, tracker.lastDay === null ? undefined : days.get(tracker.lastDay), event);
        tracker = step.tracker;
        if (step.day) days.set(step.day.day, step.day);
      }
      assert.equal(tracker.mrr, mrrOf(state), 'MRR');
      const moved = [...days.values()].map(movementsOf).reduce((sum, m) => sum + m.new + m.expansion + m.contraction + m.churn + m.reactivation, 0);
      assert.equal(moved, mrrOf(state), 'the movements add up to the MRR');
    }),
    { numRuns: 150 },
  );
  assert.ok(discountedHistories > 10, `only ${discountedHistories} generated histories gave a discount`);
});
