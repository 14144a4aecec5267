// The Stripe adapter's pure parts: the API base option, the idempotency keys, and how Stripe's
// answers map onto the port (the HTTP behaviour is tested in test/stripe/).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { InvalidGatewayRequest, PaymentGatewayRequestRejected, PaymentGatewayUnavailable } from '../payment-gateway.port';
import { apiBaseOptions, paymentIntentIdempotencyKey, refundIdempotencyKey } from './stripe.gateway';
import { collectResultOf, collectResultOfError } from './stripe-outcome';

describe('apiBaseOptions', () => {
  test('a local http base becomes host, port and protocol', () => {
    assert.deepEqual(apiBaseOptions('http://127.0.0.1:12111'), { host: '127.0.0.1', port: 12111, protocol: 'http' });
  });

  test('an https base without a port uses 443', () => {
    assert.deepEqual(apiBaseOptions('https://api.stripe.com'), { host: 'api.stripe.com', port: 443, protocol: 'https' });
  });

  test('no base leaves the client on Stripe', () => {
    assert.deepEqual(apiBaseOptions(undefined), {});
  });

  test('a base with a path is refused', () => {
    assert.throws(() => apiBaseOptions('http://localhost:1/v1'), InvalidGatewayRequest);
  });
});

test('idempotency keys derive from invoice and attempt, and from the refund id', () => {
  assert.equal(paymentIntentIdempotencyKey('inv_7', 2), 'pi-inv_7-2');
  assert.equal(refundIdempotencyKey('rf_9'), 're-rf_9');
});

describe('collectResultOf', () => {
  function intent(status: string, lastPaymentError: object | null = null): Stripe.PaymentIntent {
    return { id: 'pi_1', object: 'payment_intent', status, last_payment_error: lastPaymentError } as unknown as Stripe.PaymentIntent;
  }

  test('processing is pending, to be settled by a webhook', () => {
    assert.deepEqual(collectResultOf(intent('processing')), { outcome: 'pending', reference: 'pi_1' });
  });

  test('requires_action off-session is a decline: nobody is there to authenticate', () => {
    assert.deepEqual(collectResultOf(intent('requires_action')), { outcome: 'declined', reason: 'authentication_required', reference: 'pi_1' });
  });

  test('requires_payment_method is a decline with the issuer decline code', () => {
    const declined = intent('requires_payment_method', { code: 'card_declined', decline_code: 'expired_card' });

    assert.deepEqual(collectResultOf(declined), { outcome: 'declined', reason: 'expired_card', reference: 'pi_1' });
  });
});

describe('collectResultOfError', () => {
  test('a rate limit is transient', () => {
    const error = new Stripe.errors.StripeRateLimitError({ message: 'Too many requests', type: 'rate_limit_error' });

    assert.throws(() => collectResultOfError(error), (thrown: unknown) => thrown instanceof PaymentGatewayUnavailable && thrown.kind === 'rate_limited');
  });

  test('an idempotency key reused with other parameters is rejected, not retried', () => {
    const error = new Stripe.errors.StripeIdempotencyError({ message: 'Keys for idempotent requests…', type: 'idempotency_error' });

    assert.throws(() => collectResultOfError(error), PaymentGatewayRequestRejected);
  });
});
