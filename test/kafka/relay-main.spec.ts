/** The standalone relay process (apps/relay/main.ts) publishes the ledger from its configuration and stops cleanly on SIGTERM. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { projectRoot } from '../../libs/infra/database/project-root';
import { startTestConsumer } from './kafka-test-consumer';
import { startMockCluster, type MockCluster } from './mock-cluster';
import { appendInterleaved, createLedgerFixture, type LedgerFixture } from './relay-fixture';

const mainScript = join(projectRoot(), 'dist', 'apps', 'relay', 'main.js');
let cluster: MockCluster;
let ledger: LedgerFixture;
let dataDir: string;

function runMain(env: Record<string, string>) {
  const child = spawn(process.execPath, [mainScript], {
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, JWT_SECRET: 'x'.repeat(40), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  void exit.then(() => clearTimeout(timer));
  return { child, exit, output: () => output };
}

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
