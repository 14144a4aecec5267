// Stripe webhooks signed by the real `stripe` library are verified (and forged, stale or unsigned
// ones rejected), and each event type in api.md's table becomes the right ledger intention.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { StripeWebhookRejected, translateStripeEvent, verifyStripeWebhook, WebhookRejection } from '../../libs/payments/stripe/stripe-webhook';
import { chargeObject, declineOf, disputeObject, eventOf, paymentIntentObject, signedDelivery } from './stripe-objects.fixtures';

const SECRET = 'whsec_test_5b2c1e0f9a8d7c6b5a4f3e2d1c0b9a8f';
const SIGNED_AT = 1_764_000_000;
const ARRIVED = new Date((SIGNED_AT + 2) * 1000);

function signed(payload: string, options: { secret?: string; timestamp?: number } = {}): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret: options.secret ?? SECRET, timestamp: options.timestamp ?? SIGNED_AT });
}

function deliver(event: Record<string, unknown>) {
  const { body, signature } = signedDelivery(event, SECRET, SIGNED_AT);
  return translateStripeEvent(verifyStripeWebhook(body, signature, SECRET, { wallClockAt: ARRIVED }));
}

function rejectionOf(run: () => unknown): WebhookRejection {
  try {
    run();
  } catch (error: unknown) {
    assert.ok(error instanceof StripeWebhookRejected, `expected StripeWebhookRejected, got ${String(error)}`);
    return error.reason;
  }
  assert.fail('the webhook was accepted');
}

const PAYLOAD = JSON.stringify(eventOf('customer.created', { id: 'cus_Acme', object: 'customer' }));

describe('verification', () => {
  test('given a body signed with the endpoint secret, when verified, then the event is returned', () => {
    const event = verifyStripeWebhook(PAYLOAD, signed(PAYLOAD), SECRET, { wallClockAt: ARRIVED });

    assert.equal(event.type, 'customer.created');
  });

  test('given a body signed with another secret, when verified, then it is rejected as a bad signature', () => {
    const header = signed(PAYLOAD, { secret: 'whsec_someone_else' });

    assert.equal(rejectionOf(() => verifyStripeWebhook(PAYLOAD, header, SECRET, { wallClockAt: ARRIVED })), 'bad_signature');
  });

  test('given a body changed after signing, when verified, then it is rejected as a bad signature', () => {
    const tampered = PAYLOAD.replace('cus_Acme', 'cus_Evil');

    assert.equal(rejectionOf(() => verifyStripeWebhook(tampered, signed(PAYLOAD), SECRET, { wallClockAt: ARRIVED })), 'bad_signature');
  });

  test('given no Stripe-Signature header, when verified, then it is rejected as missing', () => {
    assert.equal(rejectionOf(() => verifyStripeWebhook(PAYLOAD, undefined, SECRET, { wallClockAt: ARRIVED })), 'missing_signature');
  });

  test('given an empty Stripe-Signature header, when verified, then it is rejected as missing', () => {
    assert.equal(rejectionOf(() => verifyStripeWebhook(PAYLOAD, '', SECRET, { wallClockAt: ARRIVED })), 'missing_signature');
  });

  test('given the header as a one-element array, as HTTP frameworks may hand it over, when verified, then it is accepted', () => {
    assert.equal(verifyStripeWebhook(PAYLOAD, [signed(PAYLOAD)], SECRET, { wallClockAt: ARRIVED }).type, 'customer.created');
  });

  test('given a raw Buffer body, when verified, then it is accepted', () => {
    assert.equal(verifyStripeWebhook(Buffer.from(PAYLOAD, 'utf8'), signed(PAYLOAD), SECRET, { wallClockAt: ARRIVED }).type, 'customer.created');
  });

  test('given a signature 301 s old, when verified, then it is rejected as outside the tolerance', () => {
    const late = new Date((SIGNED_AT + 301) * 1000);

    assert.equal(rejectionOf(() => verifyStripeWebhook(PAYLOAD, signed(PAYLOAD), SECRET, { wallClockAt: late })), 'timestamp_outside_tolerance');
  });

  test('given no instant, when a signature made 400 s ago is verified, then the wall clock rejects it', () => {
    const header = signed(PAYLOAD, { timestamp: Math.floor(Date.now() / 1000) - 400 });

    assert.equal(rejectionOf(() => verifyStripeWebhook(PAYLOAD, header, SECRET)), 'timestamp_outside_tolerance');
  });

  test('given a signature 299 s old, when verified, then it is accepted', () => {
    const justInTime = new Date((SIGNED_AT + 299) * 1000);

    assert.equal(verifyStripeWebhook(PAYLOAD, signed(PAYLOAD), SECRET, { wallClockAt: justInTime }).id, 'evt_3FakeStripe0000000001');
  });

  test('given a correctly signed body that is not JSON, when verified, then it is rejected as malformed', () => {
    const body = 'not json';

    assert.equal(rejectionOf(() => verifyStripeWebhook(body, signed(body), SECRET, { wallClockAt: ARRIVED })), 'malformed_payload');
  });
});

const PAID_FORM = {
  amount: '1450',
  currency: 'gbp',
  customer: 'cus_Acme',
  payment_method: 'pm_card_visa',
  'metadata[invoiceId]': 'inv_01JD8X',
  'metadata[accountId]': 'acme-bakery',
};

describe('translation', () => {
  test('payment_intent.succeeded becomes payment_succeeded on the invoice in its metadata', () => {
    const intent = paymentIntentObject({ id: 'pi_3Paid', chargeId: 'ch_3Paid', form: PAID_FORM });

    assert.deepEqual(deliver(eventOf('payment_intent.succeeded', intent, { id: 'evt_1Paid' })), {
      kind: 'payment_succeeded',
      stripeEventId: 'evt_1Paid',
      occurredAt: '2025-11-24T16:00:00.000Z',
      invoiceId: 'inv_01JD8X',
      accountId: 'acme-bakery',
      amount: 1450,
      currency: 'GBP',
      paymentIntentId: 'pi_3Paid',
      chargeId: 'ch_3Paid',
    });
  });

  test('a PaymentIntent created outside the ledger translates with no invoice, for the unmatched list', () => {
    const intent = paymentIntentObject({ id: 'pi_3Foreign', chargeId: 'ch_3Foreign', form: { amount: '999', currency: 'eur' } });

    const intention = deliver(eventOf('payment_intent.succeeded', intent));

    assert.ok(intention.kind === 'payment_succeeded');
    assert.equal(intention.invoiceId, null);
    assert.equal(intention.accountId, null);
  });

  test('payment_intent.payment_failed becomes payment_failed with the decline code as reason', () => {
    const decline = declineOf('pm_card_chargeDeclinedInsufficientFunds');
    const intent = paymentIntentObject({ id: 'pi_3Failed', chargeId: 'ch_3Failed', form: PAID_FORM, ...(decline ? { decline } : {}) });

    assert.deepEqual(deliver(eventOf('payment_intent.payment_failed', intent, { id: 'evt_1Failed' })), {
      kind: 'payment_failed',
      stripeEventId: 'evt_1Failed',
      occurredAt: '2025-11-24T16:00:00.000Z',
      invoiceId: 'inv_01JD8X',
      accountId: 'acme-bakery',
      amount: 1450,
      currency: 'GBP',
      paymentIntentId: 'pi_3Failed',
      chargeId: 'ch_3Failed',
      reason: 'insufficient_funds',
    });
  });

  test('charge.refunded becomes refunded with the running total of amount_refunded', () => {
    const charge = chargeObject({ id: 'ch_3Paid', paymentIntent: 'pi_3Paid', amount: 1450, amountRefunded: 700, currency: 'gbp' });

    assert.deepEqual(deliver(eventOf('charge.refunded', charge, { id: 'evt_1Refund', previous: { amount_refunded: 200 } })), {
      kind: 'refunded',
      stripeEventId: 'evt_1Refund',
      occurredAt: '2025-11-24T16:00:00.000Z',
      chargeId: 'ch_3Paid',
      paymentIntentId: 'pi_3Paid',
      amountRefundedTotal: 700,
      currency: 'GBP',
    });
  });

  test('charge.dispute.created becomes dispute_opened', () => {
    const dispute = disputeObject({ id: 'dp_3Open', charge: 'ch_3Paid', paymentIntent: 'pi_3Paid', amount: 1450, currency: 'gbp', status: 'needs_response' });

    assert.deepEqual(deliver(eventOf('charge.dispute.created', dispute, { id: 'evt_1Dispute' })), {
      kind: 'dispute_opened',
      stripeEventId: 'evt_1Dispute',
      occurredAt: '2025-11-24T16:00:00.000Z',
      disputeId: 'dp_3Open',
      chargeId: 'ch_3Paid',
      paymentIntentId: 'pi_3Paid',
      amount: 1450,
      currency: 'GBP',
      status: 'needs_response',
      isInquiry: false,
      reason: 'fraudulent',
    });
  });

  test('charge.dispute.closed becomes dispute_closed carrying won or lost', () => {
    const dispute = disputeObject({ id: 'dp_3Open', charge: 'ch_3Paid', paymentIntent: null, amount: 1450, currency: 'gbp', status: 'lost' });

    const intention = deliver(eventOf('charge.dispute.closed', dispute));

    assert.ok(intention.kind === 'dispute_closed');
    assert.equal(intention.status, 'lost');
    assert.equal(intention.paymentIntentId, null);
  });

  test('an inquiry is marked as one, since it moves no money', () => {
    const dispute = disputeObject({ id: 'dp_3Ask', charge: 'ch_3Paid', paymentIntent: 'pi_3Paid', amount: 1450, currency: 'gbp', status: 'warning_needs_response' });

    const intention = deliver(eventOf('charge.dispute.created', dispute));

    assert.ok(intention.kind === 'dispute_opened');
    assert.equal(intention.isInquiry, true);
  });

  test('any other type is ignored with its type', () => {
    assert.deepEqual(deliver(eventOf('customer.created', { id: 'cus_Acme', object: 'customer' }, { id: 'evt_1Other' })), {
      kind: 'ignored',
      stripeEventId: 'evt_1Other',
      type: 'customer.created',
    });
  });
});
