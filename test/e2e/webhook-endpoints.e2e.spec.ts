// Outgoing webhooks over HTTP, end to end: endpoints registered by admins receive the ledger's
// events signed per Standard Webhooks (verified here with the reference library, not the
// project's own code), retried on the schedule as the retry clock moves, then failed; a slow
// endpoint holds up no other; unsafe addresses are refused at registration and at delivery.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import { startTestApp, type TestApp } from '../support/test-app';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

const SECOND = 1_000;
const GAPS_MS = [5 * SECOND, 300 * SECOND, 1_800 * SECOND, 7_200 * SECOND, 18_000 * SECOND, 36_000 * SECOND, 36_000 * SECOND];

describe('outgoing webhooks', () => {
  let app: TestApp;
  let admin: string;
  const receivers: WebhookReceiver[] = [];

  async function receiver(): Promise<WebhookReceiver> {
    const started = await startWebhookReceiver();
    receivers.push(started);
    return started;
  }

  async function register(url: string, eventTypes: string[] = ['*'], token = admin) {
    const created = await app.request('POST', '/v1/webhook-endpoints', { token, body: { url, eventTypes, description: 'test' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return created.body as { endpointId: string; id: string; secret: string; url: string; status: string; eventTypes: string[] };
  }

  async function openAccount(accountId: string): Promise<string> {
    const opened = await app.request('POST', '/v1/accounts', { token: admin, body: { accountId, businessName: `${accountId} Ltd`, email: `${accountId}@example.com`, currency: 'GBP', taxRegion: 'GB' } });
    assert.equal(opened.status, 201, JSON.stringify(opened.body));
    return opened.body.position as string;
  }

  async function deliveries(endpointId: string, query = '') {
    const log = await app.request('GET', `/v1/webhook-endpoints/${endpointId}/deliveries${query}`, { token: admin });
    assert.equal(log.status, 200, JSON.stringify(log.body));
    return log.body as { items: Array<Record<string, any>>; nextCursor: string | null }; // eslint-disable-line @typescript-eslint/no-explicit-any
  }

  async function waitForDelivery(endpointId: string, check: (delivery: Record<string, unknown>) => boolean, what: string): Promise<Record<string, unknown>> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const found = (await deliveries(endpointId)).items.find(check);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  before(async () => {
    app = await startTestApp({ WEBHOOK_ALLOW_PRIVATE: 'true' });
    admin = await app.token({ sub: 'admin-hooks', role: 'admin' });
  });
  after(async () => {
    for (const started of receivers) await started.close();
    await app?.close();
  });

  test('a registered endpoint gets a whsec_ secret once, and each event after its creation signed so that the standardwebhooks library verifies it', async () => {
    await openAccount('hooks-before');
    const target = await receiver();
    const endpoint = await register(`${target.url}/billing`);
    assert.match(endpoint.secret, /^whsec_[A-Za-z0-9+/]+=*$/);
    assert.ok(Buffer.from(endpoint.secret.slice(6), 'base64').length >= 24, 'at least 24 random bytes');
    assert.equal(endpoint.status, 'enabled');
    assert.equal(endpoint.id, endpoint.endpointId, "api.md's id, kept beside endpointId");
    const read = await app.request('GET', `/v1/webhook-endpoints/${endpoint.endpointId}`, { token: admin });
    assert.equal(read.status, 200);
    assert.equal(read.body.secret, undefined, 'the secret is shown only when registered');
    const listed = await app.request('GET', '/v1/webhook-endpoints', { token: admin });
    assert.ok(listed.body.items.some((item: { endpointId: string; secret?: string }) => item.endpointId === endpoint.endpointId && item.secret === undefined));

    const position = await openAccount('hooks-after');
    await target.waitFor((received) => received.length >= 1);
    const [delivered] = target.received;
    const verified = new Webhook(endpoint.secret).verify(delivered.body, delivered.headers) as Record<string, unknown>;
    assert.equal(verified.type, 'AccountOpened');
    assert.equal(verified.streamId, 'account-hooks-after');
    assert.equal(verified.position, position);
    assert.deepEqual(Object.keys(verified).sort(), ['data', 'id', 'metadata', 'occurredAt', 'position', 'revision', 'streamId', 'type']);
    assert.equal(delivered.headers['webhook-id'], verified.id);
    assert.ok(Math.abs(Number(delivered.headers['webhook-timestamp']) - Date.now() / 1000) < 300, 'webhook-timestamp is wall-clock time, not the manual billing clock');
    assert.equal(target.received.length, 1, 'nothing from before the endpoint existed');
    assert.throws(() => new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(delivered.body, delivered.headers), 'another secret does not verify');

    const recorded = await waitForDelivery(endpoint.endpointId, (d) => d.status !== 'pending', 'the recorded outcome');
    assert.deepEqual([recorded.status, recorded.attempt, recorded.responseStatus, recorded.eventId], ['succeeded', 1, 200, verified.id]);
    assert.deepEqual((recorded.attempts as Array<{ attempt: number; succeeded: boolean; responseStatus: number }>).map((a) => [a.attempt, a.succeeded, a.responseStatus]), [[1, true, 200]]);
    assert.equal((await deliveries(endpoint.endpointId, `?after=${position}`)).items.length, 1);
  });

  test('an endpoint filtered to some event types receives only those', async () => {
    const target = await receiver();
    await register(target.url, ['Subscribed']);
    await openAccount('hooks-filtered');
    const subscribed = await app.request('POST', '/v1/accounts/hooks-filtered/subscription', { token: admin, body: { tier: 'starter', branches: 1 } });
    assert.equal(subscribed.status, 201);
    await target.waitFor((received) => received.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(target.received.map((entry) => JSON.parse(entry.body).type), ['Subscribed']);
  });

  test('a failing endpoint is retried at +5 s, +5 min, +30 min, +2 h, +5 h, +10 h, +10 h of the retry clock, then failed; a retry from the API sends it again at once', async () => {
    const target = await receiver();
    target.answer({ status: 503, body: 'down for maintenance' });
    const endpoint = await register(target.url);
    await openAccount('hooks-failing');
    let delivery = await waitForDelivery(endpoint.endpointId, (d) => d.attempt === 1, 'the first attempt');
    assert.equal(delivery.status, 'pending');
    assert.equal(delivery.responseStatus, 503);
    assert.match(String(delivery.error), /HTTP 503: down for maintenance/);
    for (const [index, gap] of GAPS_MS.entries()) {
      const last = Date.parse(String(delivery.lastAttemptAt));
      const next = Date.parse(String(delivery.nextAttemptAt));
      assert.ok(next >= last + gap * 0.9 && next <= last + gap * 1.1, `attempt ${index + 2} is ${gap / 1000} s (±10 %) after attempt ${index + 1}`);
      app.retryClock.advanceTo(new Date(next - 1));
      await new Promise((resolve) => setTimeout(resolve, 400));
      assert.equal(target.received.length, index + 1, 'not before it is due');
      app.retryClock.advanceTo(new Date(next));
      delivery = await waitForDelivery(endpoint.endpointId, (d) => d.attempt === index + 2, `attempt ${index + 2}`);
    }
    assert.equal(delivery.status, 'failed');
    assert.equal(delivery.nextAttemptAt, null);
    assert.equal((delivery.attempts as unknown[]).length, 8);
    assert.equal(target.received.length, 8);
    assert.equal(new Set(target.received.map((entry) => entry.headers['webhook-id'])).size, 1, 'every attempt carries the same webhook-id');
    assert.equal((await deliveries(endpoint.endpointId, '?status=failed')).items.length, 1);
    assert.equal((await deliveries(endpoint.endpointId, '?status=succeeded')).items.length, 0);

    target.answer({ status: 204 });
    const retried = await app.request('POST', `/v1/webhook-endpoints/${endpoint.endpointId}/deliveries/${String(delivery.deliveryId)}/retry`, { token: admin });
    assert.equal(retried.status, 202, JSON.stringify(retried.body));
    delivery = await waitForDelivery(endpoint.endpointId, (d) => d.status === 'succeeded', 'the manual retry');
    assert.equal(delivery.attempt, 9);
    assert.equal(target.received.length, 9);
    const attemptsOf = (d: Record<string, unknown>) => d.attempts as Array<{ attempt: number; succeeded: boolean; responseStatus: number | null }>;
    assert.deepEqual(attemptsOf(delivery).map((a) => [a.attempt, a.succeeded, a.responseStatus]), [
      ...Array.from({ length: 8 }, (_, i) => [i + 1, false, 503]), [9, true, 204],
    ], 'the log keeps every failed attempt and the successful one');

    // Sent again by hand after it succeeded: its successful attempt stays in the log.
    target.answer({ status: 202 });
    const again = await app.request('POST', `/v1/webhook-endpoints/${endpoint.endpointId}/deliveries/${String(delivery.deliveryId)}/retry`, { token: admin });
    assert.equal(again.status, 202, JSON.stringify(again.body));
    delivery = await waitForDelivery(endpoint.endpointId, (d) => d.attempt === 10 && d.status === 'succeeded', 'the retry of a succeeded delivery');
    assert.deepEqual(attemptsOf(delivery).slice(8).map((a) => [a.attempt, a.succeeded, a.responseStatus]), [[9, true, 204], [10, true, 202]]);
  });

  test('an endpoint that never answers (held until its 15 s timeout) delays no other endpoint', async () => {
    const slow = await receiver();
    slow.answer('hold');
    const fast = await receiver();
    await register(slow.url);
    await register(fast.url);
    for (let i = 0; i < 12; i++) await openAccount(`hooks-slow-${i}`);
    await fast.waitFor((received) => received.length >= 12, 20_000, 'the fast endpoint');
    assert.ok(slow.held >= 1 && slow.held <= 4, `the slow endpoint holds at most its lane's 4 requests (${slow.held})`);
    const account = await app.request('POST', '/v1/accounts', { token: admin, body: { accountId: 'hooks-command', businessName: 'C', email: 'c@example.com', currency: 'GBP', taxRegion: 'GB' } });
    assert.equal(account.status, 201, 'commands go on');
    slow.release(200);
  });

  test('a redirect is not followed: it is a failed attempt', async () => {
    const elsewhere = await receiver();
    const target = await receiver();
    target.answer({ status: 307, headers: { location: `${elsewhere.url}/stolen` } });
    const endpoint = await register(target.url, ['AccountOpened']);
    await openAccount('hooks-redirect');
    const delivery = await waitForDelivery(endpoint.endpointId, (d) => d.attempt === 1, 'the first attempt');
    assert.equal(delivery.responseStatus, 307);
    assert.equal(delivery.status, 'pending');
    assert.equal(elsewhere.received.length, 0);
  });

  test('the delivery log pages newest first with nextCursor', async () => {
    const target = await receiver();
    const endpoint = await register(target.url, ['AccountOpened']);
    for (let i = 0; i < 5; i++) await openAccount(`hooks-page-${i}`);
    await target.waitFor((received) => received.length >= 5);
    const first = await deliveries(endpoint.endpointId, '?limit=2');
    assert.equal(first.items.length, 2);
    assert.ok(first.nextCursor);
    const rest = await deliveries(endpoint.endpointId, `?limit=10&cursor=${first.nextCursor}`);
    assert.equal(rest.items.length, 3);
    assert.equal(rest.nextCursor, null);
    const accounts = [...first.items, ...rest.items].map((item) => target.received.find((entry) => entry.headers['webhook-id'] === item.eventId)).map((entry) => JSON.parse(entry!.body).data.accountId);
    assert.deepEqual(accounts, ['hooks-page-4', 'hooks-page-3', 'hooks-page-2', 'hooks-page-1', 'hooks-page-0']);
  });

  test('PATCH changes url, event types, description and status; a disabled endpoint is sent nothing; DELETE removes it', async () => {
    const target = await receiver();
    const endpoint = await register(target.url, ['AccountOpened']);
    const patched = await app.request('PATCH', `/v1/webhook-endpoints/${endpoint.endpointId}`, { token: admin, body: { status: 'disabled', description: 'paused', eventTypes: ['*'] } });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.deepEqual([patched.body.status, patched.body.description, patched.body.eventTypes], ['disabled', 'paused', ['*']]);
    const position = await openAccount('hooks-disabled');
    assert.equal((await deliveries(endpoint.endpointId, `?after=${position}`)).items.length, 0);
    assert.equal(target.received.length, 0);
    const bad = await app.request('PATCH', `/v1/webhook-endpoints/${endpoint.endpointId}`, { token: admin, body: { status: 'paused' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errors[0].field, 'status');
    assert.equal((await app.request('DELETE', `/v1/webhook-endpoints/${endpoint.endpointId}`, { token: admin })).status, 204);
    assert.equal((await app.request('GET', `/v1/webhook-endpoints/${endpoint.endpointId}`, { token: admin })).status, 404);
  });

  test('bad registrations are 400 naming the field and leave nothing behind; only admins may register', async () => {
    const before = (await app.request('GET', '/v1/webhook-endpoints?limit=100', { token: admin })).body.items.length;
    const unknownType = await app.request('POST', '/v1/webhook-endpoints', { token: admin, body: { url: 'https://hooks.example.com/x', eventTypes: ['InvoiceIssued', 'NoSuchThing'] } });
    assert.equal(unknownType.status, 400);
    assert.equal(unknownType.body.errors[0].field, 'eventTypes');
    assert.match(unknownType.body.errors[0].message, /NoSuchThing/);
    const mixed = await app.request('POST', '/v1/webhook-endpoints', { token: admin, body: { url: 'https://hooks.example.com/x', eventTypes: ['*', 'InvoiceIssued'] } });
    assert.equal(mixed.status, 400);
    const ftp = await app.request('POST', '/v1/webhook-endpoints', { token: admin, body: { url: 'ftp://hooks.example.com/x', eventTypes: ['*'] } });
    assert.equal(ftp.status, 422);
    assert.equal(ftp.body.code, 'WEBHOOK_URL_NOT_ALLOWED');
    const finance = await app.token({ sub: 'fin', role: 'finance' });
    assert.equal((await app.request('POST', '/v1/webhook-endpoints', { token: finance, body: { url: 'https://hooks.example.com/x', eventTypes: ['*'] } })).status, 403);
    assert.equal((await app.request('GET', '/v1/webhook-endpoints?limit=100', { token: admin })).body.items.length, before);
  });
});

describe('outgoing webhooks without WEBHOOK_ALLOW_PRIVATE', () => {
  let app: TestApp;
  let admin: string;
  let target: WebhookReceiver;

  before(async () => {
    app = await startTestApp();
    admin = await app.token({ sub: 'admin-safe', role: 'admin' });
    target = await startWebhookReceiver();
  });
  after(async () => {
    await target?.close();
    await app?.close();
  });

  test('loopback, private and link-local addresses, and a name resolving to one, are refused with 422 WEBHOOK_URL_NOT_ALLOWED', async () => {
    const port = new URL(target.url).port;
    for (const url of [target.url, 'http://10.1.2.3/x', 'http://192.168.0.10/x', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/x', 'http://[::ffff:127.0.0.1]/x', `http://localhost:${port}/x`]) {
      const refused = await app.request('POST', '/v1/webhook-endpoints', { token: admin, body: { url, eventTypes: ['*'] } });
      assert.equal(refused.status, 422, `${url}: ${JSON.stringify(refused.body)}`);
      assert.equal(refused.body.code, 'WEBHOOK_URL_NOT_ALLOWED');
    }
    const publicUrl = await app.request('POST', '/v1/webhook-endpoints', { token: admin, body: { url: 'https://93.184.215.14/hooks', eventTypes: ['*'] } });
    assert.equal(publicUrl.status, 201, JSON.stringify(publicUrl.body));
    const patched = await app.request('PATCH', `/v1/webhook-endpoints/${publicUrl.body.endpointId}`, { token: admin, body: { url: `http://localhost:${port}/x` } });
    assert.equal(patched.status, 422);
    await app.request('DELETE', `/v1/webhook-endpoints/${publicUrl.body.endpointId}`, { token: admin });
  });

  test('a name that resolves inside at delivery time is refused on the resolved address, and nothing reaches the receiver', async () => {
    const port = new URL(target.url).port;
    // Registered while the name pointed outside (as a rebinding attacker would arrange): written
    // straight into the table, since registration itself refuses localhost.
    const created = await app.request('POST', '/v1/webhook-endpoints', { token: admin, body: { url: 'https://93.184.215.14/hooks', eventTypes: ['AccountOpened'] } });
    assert.equal(created.status, 201);
    await app.runtime.pool.query('UPDATE webhook_endpoints SET url = $2 WHERE id = $1', [created.body.endpointId, `http://localhost:${port}/rebound`]);
    const opened = await app.request('POST', '/v1/accounts', { token: admin, body: { accountId: 'rebound', businessName: 'R', email: 'r@example.com', currency: 'GBP', taxRegion: 'GB' } });
    assert.equal(opened.status, 201);
    const deadline = Date.now() + 20_000;
    let delivery: Record<string, unknown> | undefined;
    while (!delivery && Date.now() < deadline) {
      const log = await app.request('GET', `/v1/webhook-endpoints/${created.body.endpointId}/deliveries`, { token: admin });
      delivery = log.body.items.find((item: { attempt: number }) => item.attempt >= 1);
      if (!delivery) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    assert.ok(delivery, 'an attempt was made');
    assert.equal(delivery.responseStatus, null);
    assert.match(String(delivery.error), /localhost resolves to (127\.0\.0\.1|::1), a loopback, private or reserved address/);
    assert.equal(target.received.length, 0);
  });
});
