// The sandbox gateway answers like a card processor with fixed behaviour per token, and the same
// attempt always gets the same reference.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CollectRequest, InvalidGatewayRequest, PaymentGatewayRequestRejected } from '../payment-gateway.port';
import { SandboxGateway } from './sandbox.gateway';

const sandbox = new SandboxGateway();

function request(token: string, attempt = 1): CollectRequest {
  return {
    invoiceId: 'inv_7',
    accountId: 'acme-bakery',
    amount: { amount: 97, currency: 'GBP' },
    paymentMethod: { gateway: 'sandbox', token },
    attempt,
  };
}

describe('sandbox collect', () => {
  test('given tok_ok, when collected, then it succeeds with a reference made of invoice and attempt', async () => {
    assert.deepEqual(await sandbox.collect(request('tok_ok', 2)), { outcome: 'succeeded', reference: 'sbx_pay_inv_7_2', gateway: 'sandbox' });
  });

  test('given tok_decline, when collected, then it declines as a card would', async () => {
    assert.deepEqual(await sandbox.collect(request('tok_decline')), { outcome: 'declined', reason: 'card_declined', reference: 'sbx_pay_inv_7_1' });
  });

  test('given an unknown token, when collected, then it declines with unknown_token', async () => {
    assert.deepEqual(await sandbox.collect(request('tok_whatever')), { outcome: 'declined', reason: 'unknown_token' });
  });

  test('given the same attempt twice, when collected, then both answers are identical', async () => {
    assert.deepEqual(await sandbox.collect(request('tok_ok')), await sandbox.collect(request('tok_ok')));
  });

  test('given a fractional amount, when collected, then it is refused as a programmer error', async () => {
    const fractional = { ...request('tok_ok'), amount: { amount: 9.7, currency: 'GBP' } };

    await assert.rejects(sandbox.collect(fractional), InvalidGatewayRequest);
  });

  test('given a Stripe payment method, when collected by the sandbox, then it is refused as a programmer error', async () => {
    const stripeMethod = { ...request('pm_card_visa'), paymentMethod: { gateway: 'stripe' as const, token: 'pm_card_visa' } };

    await assert.rejects(sandbox.collect(stripeMethod), InvalidGatewayRequest);
  });

  test('given attempt 0, when collected, then it is refused as a programmer error', async () => {
    await assert.rejects(sandbox.collect(request('tok_ok', 0)), InvalidGatewayRequest);
  });
});

describe('sandbox refund', () => {
  test('given a sandbox payment, when refunded, then the refund reference derives from the refund id', async () => {
    const refund = await sandbox.refund({ refundId: 'rf_9', reference: 'sbx_pay_inv_7_1', amount: { amount: 50, currency: 'GBP' }, reason: 'goodwill' });

    assert.deepEqual(refund, { refundReference: 'sbx_re_rf_9' });
  });

  test('given a reference the sandbox never issued, when refunded, then the request is rejected', async () => {
    const refund = sandbox.refund({ refundId: 'rf_9', reference: 'pi_3Stripe', amount: { amount: 50, currency: 'GBP' }, reason: 'goodwill' });

    await assert.rejects(refund, PaymentGatewayRequestRejected);
  });
});

describe('sandbox payment method check', () => {
  test('tok_ok and tok_decline can be recorded', async () => {
    assert.deepEqual(await sandbox.checkPaymentMethod('tok_ok'), { outcome: 'valid', token: 'tok_ok' });
    assert.deepEqual(await sandbox.checkPaymentMethod('tok_decline'), { outcome: 'valid', token: 'tok_decline' });
  });

  test('any other token cannot', async () => {
    assert.deepEqual(await sandbox.checkPaymentMethod('tok_visa'), { outcome: 'invalid', reason: 'unknown_token' });
  });
});
