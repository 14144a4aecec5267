// A preview publishes nothing: with the relay running on the service's own event store and the
// mock Kafka cluster, previews of every action and the upcoming invoice leave the topic holding
// exactly the account's recorded events, in order, and nothing else.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { EventRelay } from '../../apps/relay/event-relay';
import { apiClient, ok } from '../support/api-client';
import { runPreview, type Action } from '../support/preview-support';
import { startTestApp, type TestApp } from '../support/test-app';
import { startTestConsumer, type TestConsumer } from './kafka-test-consumer';
import { startMockCluster, type MockCluster } from './mock-cluster';

describe('previews and Kafka', () => {
  let cluster: MockCluster;
  let app: TestApp;
  let relay: EventRelay;
  let consumer: TestConsumer;

  before(async () => {
    cluster = await startMockCluster({ brokerCount: 1, topics: [{ name: 'preview-quiet', partitions: 2 }] });
    app = await startTestApp();
    relay = new EventRelay({ eventStore: app.runtime.store, pool: app.runtime.pool, brokers: cluster.brokers, topic: 'preview-quiet', name: 'preview-quiet', idempotent: false, lagIntervalMs: 0 });
    await relay.start();
    consumer = await startTestConsumer(cluster.brokers, 'preview-quiet');
  });
  after(async () => {
    await consumer?.stop();
    await relay?.stop();
    await app?.close();
    await cluster?.stop();
  });

  test('given a subscribed account, when every action is previewed, then the topic holds only the events the account recorded', async () => {
    const admin = apiClient(app.url, await app.token({ sub: 'admin', role: 'admin' }));
    const quiet = { params: { path: { id: 'quiet' } } };
    ok(await admin.POST('/v1/accounts', { body: { accountId: 'quiet', businessName: 'Quiet', email: 'quiet@example.com', currency: 'GBP', taxRegion: 'GB' } }));
    ok(await admin.POST('/v1/accounts/{id}/subscription', { ...quiet, body: { tier: 'starter', branches: 1 } }));

    const previews: Array<[Action, Record<string, unknown>?]> = [['changeTier', { tier: 'pro' }], ['changeBranches', { delta: 2 }], ['reportProductCount', { count: 50 }], ['hibernate'], ['cancel'], ['subscribe', { tier: 'pro', branches: 1 }]];
    for (const [action, body] of previews) await runPreview(admin, 'quiet', action, body);
    // Unpaid, this account would be suspended before it renews: 404, which writes nothing either.
    assert.equal((await admin.GET('/v1/accounts/{id}/upcoming-invoice', quiet)).error?.code, 'NO_UPCOMING_INVOICE');
    // A marker: once it is on the topic, anything a preview had published before it would be too.
    ok(await admin.PUT('/v1/accounts/{id}/product-count', { ...quiet, body: { count: 3 } }));

    const recorded = await app.runtime.store.readStream('account-quiet');
    await consumer.waitFor((received) => received.some((message) => message.value.id === recorded.at(-1)?.id));
    const published = consumer.received.filter((message) => message.key === 'account-quiet').map((message) => message.value.id);
    assert.deepEqual(published, recorded.map((event) => event.id));
    assert.deepEqual(recorded.map((event) => event.type).filter((type) => type === 'InvoiceIssued').length, 1, 'only the subscription issued a document');
  });
});
