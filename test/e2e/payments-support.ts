import assert from 'node:assert/strict';
import type { StoredEvent } from '../../libs/event-store/event-store.port';
import { signedDelivery } from '../stripe/stripe-objects.fixtures';
import type { TestApp, TestResponse } from '../support/test-app';

/** Shared steps of the payment and webhook end-to-end suites, all over HTTP. */
export const WEBHOOK_SECRET = 'whsec_test_paywire_0123456789abcdef';

export async function openSubscribedAccount(app: TestApp, admin: string, accountId: string, options: { paymentMethod?: { gateway: string; token: string } } = {}): Promise<string> {
  const open = await app.request('POST', '/v1/accounts', { token: admin, body: { accountId, businessName: `${accountId} Ltd`, email: `${accountId}@example.com`, currency: 'GBP', taxRegion: 'GB' } });
  assert.equal(open.status, 201, JSON.stringify(open.body));
  if (options.paymentMethod) {
    const set = await app.request('PUT', `/v1/accounts/${accountId}/payment-method`, { token: admin, body: options.paymentMethod });
    assert.equal(set.status, 200, JSON.stringify(set.body));
  }
  const subscribed = await app.request('POST', `/v1/accounts/${accountId}/subscription`, { token: admin, body: { tier: 'starter', branches: 1 } });
  assert.equal(subscribed.status, 201, JSON.stringify(subscribed.body));
  const issued = (await app.runtime.store.readStream(`account-${accountId}`)).filter((e) => e.type === 'InvoiceIssued');
  return String(issued[0].data.invoiceId);
}

/** Moves the manual clock (or stays put) and waits until the collector and read models are done. */
export async function settle(app: TestApp, admin: string, now = app.clock.now().toISOString()): Promise<void> {
  const moved = await app.request('POST', '/v1/admin/clock', { token: admin, body: { now } });
  assert.equal(moved.status, 200, JSON.stringify(moved.body));
}

export async function streamOf(app: TestApp, accountId: string): Promise<StoredEvent[]> {
  return app.runtime.store.readStream(`account-${accountId}`);
}

export async function eventCount(app: TestApp): Promise<number> {
  const { rows } = await app.runtime.pool.query<{ n: string }>('SELECT count(*) AS n FROM events');
  return Number(rows[0].n);
}

/** POSTs a Stripe event signed like Stripe does: with the wall clock (by default now), whatever the billing clock says. */
export async function deliver(app: TestApp, event: Record<string, unknown>, options: { secret?: string; timestamp?: number; omitSignature?: boolean; contentType?: string } = {}): Promise<TestResponse> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const { body, signature } = signedDelivery(event, options.secret ?? WEBHOOK_SECRET, timestamp);
  const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/json' };
  if (!options.omitSignature) headers['stripe-signature'] = signature;
  return app.request('POST', '/v1/webhooks/stripe', { rawBody: body, headers });
}
