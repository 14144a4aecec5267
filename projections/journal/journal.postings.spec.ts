// Each business event posts exactly the balanced entries of billing-rules.md "Ledger", and a whole
// account history leaves Receivable = open invoices' remaining and CustomerCredit = the credit balance.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { postingsFor, type JournalEntry, type PostingContext } from './journal.postings';
import { creditNote, invoiceIssued, line, paymentRecorded, TestFeed } from '../invoices/finance-events.fixtures';
import { historyOf, open, subscribe, changeTier } from '../../libs/domain/billing-account/billing-account.fixtures';
import { amountRemaining, openDocuments } from '../../libs/domain/billing-account/billing-account.state';
import { fold } from '../../libs/domain/decider';
import { billingAccountDecider } from '../../libs/domain/billing-account/billing-account.decider';

const noGateways: PostingContext = { paymentOf: () => undefined };
const feed = new TestFeed();

/** Lines as `account: ±amount` (debit positive) so that a test reads like the postings table. */
function postings(entry: JournalEntry): Record<string, number> {
  return Object.fromEntries(entry.lines.map((l) => [l.ledgerAccount, l.debit - l.credit]));
}

function assertBalances(entries: readonly JournalEntry[]): void {
  for (const entry of entries) assert.equal(entry.lines.reduce((sum, l) => sum + l.debit - l.credit, 0), 0, `${entry.entryId} balances`);
}

describe('postingsFor', () => {
  test('an invoice issued debits Receivable with the total and credits Revenue and TaxPayable', () => {
    const entries = postingsFor(feed.event('a', invoiceIssued()), noGateways);
    assert.equal(entries.length, 1);
    assert.equal(entries[0].kind, 'invoice_issued');
    assert.deepEqual(postings(entries[0]), { Receivable: 120, Revenue: -100, TaxPayable: -20 });
    assert.equal(entries[0].accountId, 'a');
    assert.equal(entries[0].currency, 'GBP');
    assert.equal(entries[0].occurredAt, '2026-03-01T08:00:00.000Z');
    assertBalances(entries);
  });

  test('credit applied at issue is a second entry moving it from CustomerCredit to Receivable', () => {
    const event = feed.event('a', invoiceIssued({ creditApplied: 50, amountDue: 70 }));
    const entries = postingsFor(event, noGateways);
    assert.deepEqual(entries.map((e) => e.kind), ['invoice_issued', 'credit_applied']);
    assert.deepEqual(postings(entries[1]), { CustomerCredit: 50, Receivable: -50 });
    assert.deepEqual(entries.map((e) => e.entryId), [`${event.id}/0`, `${event.id}/1`]);
    assertBalances(entries);
  });

  test('a credit note debits Revenue and TaxPayable and credits CustomerCredit with its total', () => {
    const entries = postingsFor(feed.event('a', creditNote('cn', -48, -10)), noGateways);
    assert.deepEqual(entries.map((e) => e.kind), ['credit_note']);
    assert.deepEqual(postings(entries[0]), { Revenue: 48, TaxPayable: 10, CustomerCredit: -58 });
    assertBalances(entries);
  });

  test('a discount D on an invoice debits Discounts D and credits Revenue D, beside the invoice of the discounted subtotal', () => {
    // Lines 100, discount −25: S = 75, tax 15. Revenue ends at what the lines were worth, 100.
    const discounted = invoiceIssued({ lines: [line(100), line(-25, { kind: 'discount', description: 'Discount (SPRING-25)' })], subtotal: 75, tax: 15, total: 90, creditApplied: 10, amountDue: 80 });
    const event = feed.event('a', discounted);
    const entries = postingsFor(event, noGateways);
    assert.deepEqual(entries.map((e) => e.kind), ['invoice_issued', 'discount', 'credit_applied']);
    assert.deepEqual(postings(entries[0]), { Receivable: 90, Revenue: -75, TaxPayable: -15 });
    assert.deepEqual(postings(entries[1]), { Discounts: 25, Revenue: -25 });
    assert.equal(entries[1].description, 'Discount (SPRING-25) given');
    assert.equal(entries[1].documentId, 'inv-1');
    assertBalances(entries);
  });

  test('a discount that shrank a credit note is taken back from Discounts', () => {
    // Lines −194, discount +97: S′ = −97, tax −19. Revenue is debited the full 194, Discounts credited 97.
    const note = creditNote('cn-d', -97, -19, { lines: [line(-194, { kind: 'tier_credit' }), line(97, { kind: 'discount', description: 'Discount (HALF)' })] });
    const entries = postingsFor(feed.event('a', note), noGateways);
    assert.deepEqual(entries.map((e) => e.kind), ['credit_note', 'discount']);
    assert.deepEqual(postings(entries[0]), { Revenue: 97, TaxPayable: 19, CustomerCredit: -116 });
    assert.deepEqual(postings(entries[1]), { Revenue: 97, Discounts: -97 });
    assertBalances(entries);
  });

  test('a payment goes to the gateway’s Cash, settles Receivable up to the open amount and puts the excess in CustomerCredit', () => {
    const entries = postingsFor(feed.event('a', paymentRecorded('inv-1', 150, 120, 'stripe')), noGateways);
    assert.deepEqual(postings(entries[0]), { 'Cash:stripe': 150, Receivable: -120, CustomerCredit: -30 });
    assertBalances(entries);
  });

  test('a payment without excess posts no zero CustomerCredit line', () => {
    const entries = postingsFor(feed.event('a', paymentRecorded('inv-1', 120, 120)), noGateways);
    assert.deepEqual(postings(entries[0]), { 'Cash:sandbox': 120, Receivable: -120 });
  });

  test('a refund pays out of CustomerCredit to the gateway (its credit note posts on its own)', () => {
    const refund = { type: 'RefundIssued', data: { refundId: 'r1', paymentId: 'p1', invoiceId: 'inv-1', creditNoteId: 'cn', amount: 60, currency: 'GBP', gateway: 'stripe', reason: 'goodwill', refundedAt: '2026-03-05T00:00:00.000Z', source: 'refund' } };
    const entries = postingsFor(feed.event('a', refund), noGateways);
    assert.deepEqual(entries.map((e) => e.kind), ['refund_payout']);
    assert.deepEqual(postings(entries[0]), { CustomerCredit: 60, 'Cash:stripe': -60 });
    const note = postingsFor(feed.event('a', creditNote('cn', -50, -10, { reason: 'refund', lines: [line(-50, { kind: 'refund' })] })), noGateways);
    assert.deepEqual(postings(note[0]), { Revenue: 50, TaxPayable: 10, CustomerCredit: -60 });
  });

  test('a dispute moves the amount from Cash to Disputed', () => {
    const opened = { type: 'DisputeOpened', data: { disputeId: 'd1', paymentId: 'p1', invoiceId: 'inv-1', amount: 120, currency: 'GBP', gateway: 'stripe', openedAt: '2026-03-06T00:00:00.000Z' } };
    const entries = postingsFor(feed.event('a', opened), noGateways);
    assert.deepEqual(postings(entries[0]), { Disputed: 120, 'Cash:stripe': -120 });
  });

  test('a won dispute moves it back to the Cash of the gateway that took the payment', () => {
    const closed = { type: 'DisputeClosed', data: { disputeId: 'd1', paymentId: 'p1', outcome: 'won', amount: 120, currency: 'GBP', closedAt: '2026-03-20T00:00:00.000Z' } };
    const entries = postingsFor(feed.event('a', closed), { paymentOf: (id) => (id === 'p1' ? { gateway: 'stripe', invoiceId: 'inv-1' } : undefined) });
    assert.deepEqual(entries.map((e) => e.kind), ['dispute_won']);
    assert.equal(entries[0].documentId, 'inv-1', 'the entry names the invoice the disputed payment paid');
    assert.deepEqual(postings(entries[0]), { 'Cash:stripe': 120, Disputed: -120 });
    assert.throws(() => postingsFor(feed.event('a', closed), noGateways), /has not seen/);
  });

  test('a lost dispute posts nothing itself; its refund pays out of Disputed', () => {
    const closed = { type: 'DisputeClosed', data: { disputeId: 'd1', paymentId: 'p1', outcome: 'lost', amount: 120, currency: 'GBP', closedAt: '2026-03-20T00:00:00.000Z' } };
    assert.deepEqual(postingsFor(feed.event('a', closed), noGateways), []);
    const refund = { type: 'RefundIssued', data: { refundId: 'r2', paymentId: 'p1', invoiceId: 'inv-1', creditNoteId: 'cn2', amount: 120, currency: 'GBP', gateway: 'stripe', reason: 'dispute lost', refundedAt: '2026-03-20T00:00:00.000Z', source: 'dispute_lost' } };
    const entries = postingsFor(feed.event('a', refund), noGateways);
    assert.deepEqual(entries.map((e) => e.kind), ['dispute_lost']);
    assert.deepEqual(postings(entries[0]), { CustomerCredit: 120, Disputed: -120 });
  });

  test('a zero invoice and events that move no money post nothing', () => {
    const zero = invoiceIssued({ lines: [line(0)], subtotal: 0, tax: 0, total: 0, amountDue: 0 });
    assert.deepEqual(postingsFor(feed.event('a', zero), noGateways), []);
    assert.deepEqual(postingsFor(feed.event('a', { type: 'BranchesChanged', data: { delta: 1, branches: 2, changedAt: '2026-03-02T00:00:00.000Z' } }), noGateways), []);
    assert.deepEqual(postingsFor({ ...feed.event('a', invoiceIssued()), streamId: 'tax-rates' }, noGateways), []);
  });

  test('an event whose amounts cannot balance is refused, never written', () => {
    const broken = invoiceIssued({ subtotal: 100, tax: 20, total: 121 });
    assert.throws(() => postingsFor(feed.event('a', broken), noGateways), /debits 121 ≠ credits 120/);
  });

  test('a real history (pay with excess, upgrade using the credit, refund) leaves Receivable = open remaining and CustomerCredit = credit', () => {
    const history = historyOf([
      open('2026-03-01T00:00:00Z'),
      subscribe('starter', 2, '2026-03-01T08:00:00Z'),
      { type: 'RecordPayment', invoiceId: 'h-1', amount: { amount: 300, currency: 'GBP' }, reference: 'bank-1', gateway: 'sandbox', now: '2026-03-02T10:00:00Z' },
      changeTier('pro', '2026-03-17T09:00:00Z'),
      { type: 'RefundPayment', paymentId: 'h-2', amount: { amount: 30, currency: 'GBP' }, reason: 'goodwill', now: '2026-03-18T10:00:00Z' },
    ]);
    const state = fold(billingAccountDecider, history);
    const entries = feed.events('a', history).flatMap((event) => postingsFor(event, noGateways));
    assertBalances(entries);
    const balance = (account: string) => entries.flatMap((e) => e.lines).filter((l) => l.ledgerAccount === account).reduce((s, l) => s + l.debit - l.credit, 0);
    assert.equal(balance('Receivable'), openDocuments(state).reduce((sum, d) => sum + amountRemaining(d), 0));
    assert.equal(0 - balance('CustomerCredit'), state.credit);
    // Starter 100p + 1 extra branch 100p = 200p + 40p tax, paid with 300p: 60p to credit. The upgrade on 17 Mar
    // charges (300 − 100)p × 15/31 = 96.77…p → 97p + 19p tax = 116p, less the 60p credit: 56p open. The 30p refund
    // is a credit note of 25p + 5p tax, then a 30p payout.
    assert.equal(balance('Receivable'), 56);
    assert.equal(balance('CustomerCredit'), 0);
    assert.equal(balance('Cash:sandbox'), 270);
    assert.equal(balance('Revenue'), -(200 + 97 - 25));
    assert.equal(balance('TaxPayable'), -(40 + 19 - 5));
  });
});
