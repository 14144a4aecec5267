// A verified Stripe intention is applied when the ledger knows what it refers to, is a no-op
// when the ledger already reflects it, and otherwise waits as unmatched, never dropped.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DisputeIntention, PaymentFailedIntention, PaymentSucceededIntention, RefundedIntention } from './stripe-webhook';
import { LedgerFacts, matchStripeIntention, refundIncrease } from './webhook-matching';

const NOTHING_KNOWN: LedgerFacts = { eventAlreadyProcessed: false, invoice: null, payment: null, failureRecorded: false, dispute: null };
const INVOICE = { accountId: 'acme-bakery', currency: 'GBP' };
const PAYMENT = { currency: 'GBP', amountRefunded: 0 };
const AT = { stripeEventId: 'evt_1', occurredAt: '2026-03-17T00:00:00.000Z' };

const succeeded: PaymentSucceededIntention = {
  kind: 'payment_succeeded',
  ...AT,
  invoiceId: 'inv_7',
  accountId: 'acme-bakery',
  amount: 1450,
  currency: 'GBP',
  paymentIntentId: 'pi_1',
};
const failed: PaymentFailedIntention = { ...succeeded, kind: 'payment_failed', reason: 'insufficient_funds' };
const refunded: RefundedIntention = { kind: 'refunded', ...AT, chargeId: 'ch_1', paymentIntentId: 'pi_1', amountRefundedTotal: 700, currency: 'GBP' };
const opened: DisputeIntention = {
  kind: 'dispute_opened',
  ...AT,
  disputeId: 'dp_1',
  chargeId: 'ch_1',
  paymentIntentId: 'pi_1',
  amount: 1450,
  currency: 'GBP',
  status: 'needs_response',
  isInquiry: false,
  reason: 'fraudulent',
};
const closed: DisputeIntention = { ...opened, kind: 'dispute_closed', status: 'won' };

describe('payments', () => {
  test('given the invoice exists, when a payment succeeded, then it is applied', () => {
    assert.deepEqual(matchStripeIntention(succeeded, { ...NOTHING_KNOWN, invoice: INVOICE }), { action: 'apply' });
  });

  test('given the collect call already recorded the payment, when its webhook arrives, then nothing more is recorded', () => {
    assert.deepEqual(matchStripeIntention(succeeded, { ...NOTHING_KNOWN, invoice: INVOICE, payment: PAYMENT }), { action: 'already_recorded' });
  });

  test('given the event id was processed, when it is redelivered, then nothing more is recorded', () => {
    assert.deepEqual(matchStripeIntention(succeeded, { ...NOTHING_KNOWN, eventAlreadyProcessed: true }), { action: 'already_recorded' });
  });

  test('given no invoice id in the metadata, then it is kept unmatched', () => {
    const foreign = { ...succeeded, invoiceId: null, accountId: null };

    assert.deepEqual(matchStripeIntention(foreign, NOTHING_KNOWN), { action: 'keep_unmatched', reason: 'no_invoice_metadata' });
  });

  test('given an invoice the ledger does not have (yet), then it is kept unmatched', () => {
    assert.deepEqual(matchStripeIntention(succeeded, NOTHING_KNOWN), { action: 'keep_unmatched', reason: 'invoice_not_found' });
  });

  test('given the invoice belongs to another account, then it is kept unmatched', () => {
    const other = { ...NOTHING_KNOWN, invoice: { ...INVOICE, accountId: 'someone-else' } };

    assert.deepEqual(matchStripeIntention(succeeded, other), { action: 'keep_unmatched', reason: 'account_mismatch' });
  });

  test('given the invoice is in another currency, then it is kept unmatched', () => {
    const euro = { ...NOTHING_KNOWN, invoice: { ...INVOICE, currency: 'EUR' } };

    assert.deepEqual(matchStripeIntention(succeeded, euro), { action: 'keep_unmatched', reason: 'currency_mismatch' });
  });

  test('given a failure not yet recorded, when a payment failed, then it is applied', () => {
    assert.deepEqual(matchStripeIntention(failed, { ...NOTHING_KNOWN, invoice: INVOICE }), { action: 'apply' });
  });

  test('given the collect call already recorded the decline, when payment_failed arrives, then nothing more is recorded', () => {
    assert.deepEqual(matchStripeIntention(failed, { ...NOTHING_KNOWN, invoice: INVOICE, failureRecorded: true }), { action: 'already_recorded' });
  });
});

describe('refunds', () => {
  test('given the payment is recorded, when refunded, then the increase over what is recorded is applied', () => {
    const facts = { ...NOTHING_KNOWN, payment: { ...PAYMENT, amountRefunded: 200 } };

    assert.deepEqual(matchStripeIntention(refunded, facts), { action: 'apply', refundIncrease: 500 });
  });

  test('given the ledger itself started this refund, when its webhook arrives, then nothing more is recorded', () => {
    const facts = { ...NOTHING_KNOWN, payment: { ...PAYMENT, amountRefunded: 700 } };

    assert.deepEqual(matchStripeIntention(refunded, facts), { action: 'already_recorded' });
  });

  test('given the payment is unknown, when refunded, then it is kept unmatched until it appears', () => {
    assert.deepEqual(matchStripeIntention(refunded, NOTHING_KNOWN), { action: 'keep_unmatched', reason: 'payment_not_found' });
  });

  test('an older event with a smaller total never gives a negative increase', () => {
    assert.equal(refundIncrease(300, 700), 0);
  });
});

describe('disputes', () => {
  test('given the payment is recorded, when a dispute opens, then it is applied', () => {
    assert.deepEqual(matchStripeIntention(opened, { ...NOTHING_KNOWN, payment: PAYMENT }), { action: 'apply' });
  });

  test('given the payment is unknown, when a dispute opens, then it is kept unmatched', () => {
    assert.deepEqual(matchStripeIntention(opened, NOTHING_KNOWN), { action: 'keep_unmatched', reason: 'payment_not_found' });
  });

  test('given the dispute was never opened in the ledger, when it closes, then it waits for the opening', () => {
    assert.deepEqual(matchStripeIntention(closed, { ...NOTHING_KNOWN, payment: PAYMENT }), { action: 'keep_unmatched', reason: 'dispute_not_found' });
  });

  test('given an open dispute, when it closes, then it is applied', () => {
    const facts = { ...NOTHING_KNOWN, payment: PAYMENT, dispute: { closed: false } };

    assert.deepEqual(matchStripeIntention(closed, facts), { action: 'apply' });
  });

  test('given a closed dispute, when the close is redelivered under a new event id, then nothing more is recorded', () => {
    const facts = { ...NOTHING_KNOWN, payment: PAYMENT, dispute: { closed: true } };

    assert.deepEqual(matchStripeIntention(closed, facts), { action: 'already_recorded' });
  });
});

test('an ignored type is ignored whatever the ledger knows', () => {
  assert.deepEqual(matchStripeIntention({ kind: 'ignored', stripeEventId: 'evt_9', type: 'customer.created' }, NOTHING_KNOWN), { action: 'ignore' });
});
