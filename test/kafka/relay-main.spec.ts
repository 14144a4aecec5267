/** The standalone relay process (apps/relay/main.ts) publishes the ledger from its configuration and stops cleanly on SIGTERM. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startTestConsumer } from './kafka-test-consumer';
import { startMockCluster, type MockCluster } from './mock-cluster';
import { appendInterleaved, createLedgerFixture, type LedgerFixture } from './relay-fixture';
import { runRelayMain } from './relay-process';

let cluster: MockCluster;
let ledger: LedgerFixture;
let dataDir: string;

const runMain = (env: Record<string, string>) => runRelayMain(dataDir, env);

describe('relay process', () => {
  before(async () => {
    cluster = await startMockCluster({ brokerCount: 1, topics: [{ name: 'billing.events.v1', partitions: 3 }] });
    ledger = await createLedgerFixture();
    dataDir = mkdtempSync(join(tmpdir(), 'relay-main-'));
  });
  after(async () => {
    await ledger?.close();
    await cluster?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('given no KAFKA_BROKERS, when the relay process starts, then it exits 2 naming the variable', async () => {
    const run = runMain({ DATABASE_URL: ledger.database.url });
    assert.equal(await run.exit, 2);
    assert.match(run.output(), /KAFKA_BROKERS/);
  });

  test('given brokers and a database, when the relay process runs, then the default topic receives every event and SIGTERM exits 0', async () => {
    await appendInterleaved(ledger.store, 5, 4, 'main');
    const run = runMain({ DATABASE_URL: ledger.database.url, KAFKA_BROKERS: cluster.brokers.join(','), KAFKA_IDEMPOTENT: 'false' });
    const consumer = await startTestConsumer(cluster.brokers, 'billing.events.v1');
    try {
      await consumer.waitFor((received) => received.length >= 20);
      assert.deepEqual(new Set(consumer.received.map((m) => m.key)), new Set(['main-0', 'main-1', 'main-2', 'main-3', 'main-4']));
    } finally {
      await consumer.stop();
      run.child.kill('SIGTERM');
    }
    assert.equal(await run.exit, 0, run.output());
  });
});
