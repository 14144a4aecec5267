// The Stripe adapter, driven through the real `stripe` client against a local Stripe-shaped HTTP
// server, collects, declines, times out, replays idempotently and refunds as the port promises.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CollectRequest, PaymentGatewayRequestRejected, PaymentGatewayUnavailable } from '../../libs/payments/payment-gateway.port';
import { StripeGateway, StripeGatewayOptions } from '../../libs/payments/stripe/stripe.gateway';
import { FakeStripeServer } from './fake-stripe-server';

const SECRET_KEY = 'sk_test_4eC39HqLyjWDarjtT1zdp7dc';

let server: FakeStripeServer;

before(async () => {
  server = await FakeStripeServer.start();
});
after(async () => {
  await server.close();
});
afterEach(() => {
  server.requests.length = 0;
});

function gateway(options: Partial<StripeGatewayOptions> = {}): StripeGateway {
  return new StripeGateway({ secretKey: SECRET_KEY, apiBase: server.apiBase, timeoutMs: 2_000, maxNetworkRetries: 0, ...options });
}

function collectRequest(overrides: { invoiceId?: string; attempt?: number; token?: string } = {}): CollectRequest {
  return {
    invoiceId: overrides.invoiceId ?? 'inv_01JD8X',
    accountId: 'acme-bakery',
    amount: { amount: 1450, currency: 'GBP' },
    paymentMethod: { gateway: 'stripe', token: overrides.token ?? 'pm_card_visa', customerId: 'cus_Acme' },
    attempt: overrides.attempt ?? 1,
  };
}

function paymentIntentRequests() {
  return server.requests.filter((request) => request.path === '/v1/payment_intents');
}

describe('collect', () => {
  test('given a chargeable card, when collected, then it succeeds with the PaymentIntent id as reference', async () => {
    const result = await gateway().collect(collectRequest({ invoiceId: 'inv_success' }));

    assert.equal(result.outcome, 'succeeded');
    assert.ok(result.outcome === 'succeeded' && result.reference.startsWith('pi_'));
    assert.equal(result.outcome === 'succeeded' && result.gateway, 'stripe');
  });

  test('when collected, then one off-session confirmed PaymentIntent is requested with key, auth and metadata', async () => {
    await gateway().collect(collectRequest({ invoiceId: 'inv_shape', attempt: 3 }));

    const [request] = paymentIntentRequests();
    assert.ok(request);
    assert.equal(request.method, 'POST');
    assert.equal(request.headers['idempotency-key'], 'pi-inv_shape-3');
    assert.equal(request.headers.authorization, `Bearer ${SECRET_KEY}`);
    assert.equal(request.form.amount, '1450');
    assert.equal(request.form.currency, 'gbp');
    assert.equal(request.form.confirm, 'true');
    assert.equal(request.form.off_session, 'true');
    assert.equal(request.form.customer, 'cus_Acme');
    assert.equal(request.form.payment_method, 'pm_card_visa');
    assert.equal(request.form['metadata[invoiceId]'], 'inv_shape');
    assert.equal(request.form['metadata[accountId]'], 'acme-bakery');
  });

  test('given a card the issuer declines, when collected, then it is declined with the decline code and the PaymentIntent', async () => {
    const result = await gateway().collect(collectRequest({ invoiceId: 'inv_decline', token: 'pm_card_chargeDeclinedInsufficientFunds' }));

    assert.equal(result.outcome, 'declined');
    assert.equal(result.outcome === 'declined' && result.reason, 'insufficient_funds');
    assert.ok(result.outcome === 'declined' && result.reference?.startsWith('pi_'));
  });

  test('given a payment method Stripe does not know, when collected, then it is declined, not thrown', async () => {
    const result = await gateway().collect(collectRequest({ invoiceId: 'inv_missing_pm', token: 'pm_1GoneAway' }));

    assert.deepEqual(result, { outcome: 'declined', reason: 'resource_missing' });
  });

  test('given Stripe answers slower than the timeout, when collected, then a transient timeout error is thrown', async () => {
    server.delayNextResponses(1_000);

    await assert.rejects(gateway({ timeoutMs: 200 }).collect(collectRequest({ invoiceId: 'inv_timeout' })), (error: unknown) => {
      assert.ok(error instanceof PaymentGatewayUnavailable);
      assert.equal(error.kind, 'timeout');
      return true;
    });
  });

  test('given Stripe answers 500, when collected, then a transient server error is thrown', async () => {
    server.failNextRequest(500, 'api_error', 'An unknown error occurred');

    await assert.rejects(gateway().collect(collectRequest({ invoiceId: 'inv_500' })), (error: unknown) => {
      assert.ok(error instanceof PaymentGatewayUnavailable);
      assert.equal(error.kind, 'server_error');
      return true;
    });
  });

  test('given a wrong API key, when collected, then the request is rejected, not reported as transient', async () => {
    const wrongKey = new StripeGateway({ secretKey: 'not-a-key', apiBase: server.apiBase, maxNetworkRetries: 0 });

    await assert.rejects(wrongKey.collect(collectRequest({ invoiceId: 'inv_auth' })), PaymentGatewayRequestRejected);
  });
});

describe('idempotency', () => {
  test('given the first answer is lost to a timeout, when the client retries, then the same PaymentIntent comes back under the same key', async () => {
    server.delayNextResponses(800);
    const before = server.paymentIntentCount;

    const result = await gateway({ timeoutMs: 300, maxNetworkRetries: 1 }).collect(collectRequest({ invoiceId: 'inv_retry' }));

    assert.equal(result.outcome, 'succeeded');
    const keys = paymentIntentRequests().map((request) => request.headers['idempotency-key']);
    assert.deepEqual(keys, ['pi-inv_retry-1', 'pi-inv_retry-1']);
    assert.equal(server.paymentIntentCount, before + 1);
  });

  test('given an attempt already made, when the same invoice and attempt are collected again, then the same PaymentIntent is returned', async () => {
    const first = await gateway().collect(collectRequest({ invoiceId: 'inv_twice' }));
    const second = await gateway().collect(collectRequest({ invoiceId: 'inv_twice' }));

    assert.deepEqual(second, first);
    const keys = paymentIntentRequests().map((request) => request.headers['idempotency-key']);
    assert.deepEqual(keys, ['pi-inv_twice-1', 'pi-inv_twice-1']);
  });

  test('given a first attempt, when the next attempt is collected, then a new PaymentIntent is created', async () => {
    const first = await gateway().collect(collectRequest({ invoiceId: 'inv_next', attempt: 1 }));
    const second = await gateway().collect(collectRequest({ invoiceId: 'inv_next', attempt: 2 }));

    assert.ok(first.outcome === 'succeeded' && second.outcome === 'succeeded');
    assert.notEqual(first.reference, second.reference);
  });
});

describe('refund', () => {
  test('given a collected payment, when part of it is refunded, then Stripe refunds it under the refund id as key', async () => {
    const paid = await gateway().collect(collectRequest({ invoiceId: 'inv_refund' }));
    assert.ok(paid.outcome === 'succeeded');

    const refund = await gateway().refund({ refundId: 'rf_1', reference: paid.reference, amount: { amount: 450, currency: 'GBP' }, reason: 'goodwill' });

    assert.ok(refund.refundReference.startsWith('re_'));
    const request = server.requests.find((r) => r.path === '/v1/refunds');
    assert.equal(request?.headers['idempotency-key'], 're-rf_1');
    assert.equal(request?.form.payment_intent, paid.reference);
    assert.equal(request?.form.amount, '450');
    assert.equal(request?.form['metadata[reason]'], 'goodwill');
  });

  test('given a refund larger than what is left, when refunded, then the request is rejected', async () => {
    const paid = await gateway().collect(collectRequest({ invoiceId: 'inv_over_refund' }));
    assert.ok(paid.outcome === 'succeeded');

    const refund = gateway().refund({ refundId: 'rf_2', reference: paid.reference, amount: { amount: 1451, currency: 'GBP' }, reason: 'oops' });

    await assert.rejects(refund, PaymentGatewayRequestRejected);
  });
});

describe('checkPaymentMethod', () => {
  test('given a payment method attached to a customer, when checked, then it is valid with that customer', async () => {
    server.attachPaymentMethod('pm_card_visa', 'cus_Acme');

    assert.deepEqual(await gateway().checkPaymentMethod('pm_card_visa'), { outcome: 'valid', token: 'pm_card_visa', customerId: 'cus_Acme' });
  });

  test('given a payment method attached to no customer, when checked, then it is invalid', async () => {
    const check = await gateway().checkPaymentMethod('pm_card_mastercard');

    assert.deepEqual(check, { outcome: 'invalid', reason: 'payment_method_not_attached_to_customer' });
  });

  test('given a payment method Stripe does not know, when checked, then it is invalid', async () => {
    assert.deepEqual(await gateway().checkPaymentMethod('pm_1Unknown'), { outcome: 'invalid', reason: 'no_such_payment_method' });
  });
});
