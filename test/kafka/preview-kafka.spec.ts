// A preview publishes nothing: with the relay running on the service's own event store and the
// mock Kafka cluster, previews of every action and the upcoming invoice leave the topic holding
// exactly the account's recorded events, in order, and nothing else.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { EventRelay } from '../../apps/relay/event-relay';
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
    const admin = await app.token({ sub: 'admin', role: 'admin' });
    const send = async (method: string, path: string, body?: unknown) => {
      const answer = await app.request(method, path, { token: admin, body });
      assert.ok(answer.status < 300, `${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body;
    };
    await send('POST', '/v1/accounts', { accountId: 'quiet', businessName: 'Quiet', email: 'quiet@example.com', currency: 'GBP', taxRegion: 'GB' });
    await send('POST', '/v1/accounts/quiet/subscription', { tier: 'starter', branches: 1 });

    const previews = [{ action: 'changeTier', tier: 'pro' }, { action: 'changeBranches', delta: 2 }, { action: 'reportProductCount', count: 50 }, { action: 'hibernate' }, { action: 'cancel' }, { action: 'subscribe', tier: 'pro', branches: 1 }];
    for (const body of previews) await app.request('POST', '/v1/accounts/quiet/preview', { token: admin, body });
    // Unpaid, this account would be suspended before it renews: 404, which writes nothing either.
    assert.equal((await app.request('GET', '/v1/accounts/quiet/upcoming-invoice', { token: admin })).body.code, 'NO_UPCOMING_INVOICE');
    // A marker: once it is on the topic, anything a preview had published before it would be too.
    await send('PUT', '/v1/accounts/quiet/product-count', { count: 3 });

    const recorded = await app.runtime.store.readStream('account-quiet');
    await consumer.waitFor((received) => received.some((message) => message.value.id === recorded.at(-1)?.id));
    const published = consumer.received.filter((message) => message.key === 'account-quiet').map((message) => message.value.id);
    assert.deepEqual(published, recorded.map((event) => event.id));
    assert.deepEqual(recorded.map((event) => event.type).filter((type) => type === 'InvoiceIssued').length, 1, 'only the subscription issued a document');
  });
});
