// The factory offers the sandbox always and Stripe only when a secret key is configured.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPaymentGateways, gatewayFor, GatewayNotConfigured } from './payment-gateways.factory';

describe('createPaymentGateways', () => {
  test('given no Stripe key, then only the sandbox is available', () => {
    const gateways = createPaymentGateways();

    assert.deepEqual([...gateways.keys()], ['sandbox']);
    assert.throws(() => gatewayFor(gateways, 'stripe'), GatewayNotConfigured);
  });

  test('given a Stripe key, then both gateways are available by name', () => {
    const gateways = createPaymentGateways({ stripeSecretKey: 'sk_test_abc', stripeApiBase: 'http://127.0.0.1:12111' });

    assert.equal(gatewayFor(gateways, 'sandbox').name, 'sandbox');
    assert.equal(gatewayFor(gateways, 'stripe').name, 'stripe');
  });
});
