/** A relay killed between the broker's acknowledgement and its checkpoint re-sends only that batch on restart, so a consumer deduping on ce_id sees every event exactly once. */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';
import { FeedCheckpoints } from '../../libs/infra/feed/feed-checkpoints';
import { startTestConsumer, topicMessageCount } from './kafka-test-consumer';
import { startMockCluster, type MockCluster } from './mock-cluster';
import { appendInterleaved, createLedgerFixture, type LedgerFixture } from './relay-fixture';

const TOPIC = 'crash';
const RANDOM_TOPIC = 'crash-random';
const BATCH_SIZE = 40;
let cluster: MockCluster;
let ledger: LedgerFixture;
const children: ChildProcess[] = [];

interface ChildRun {
  readonly batches: string[][];
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly child: ChildProcess;
}

function runRelayChild(crashAfterBatches: number, name = 'crash-test', topic = TOPIC): ChildRun {
  const child = spawn(process.execPath, [join(__dirname, 'relay-child.js')], {
    env: {
      ...process.env,
      RELAY_DATABASE_URL: ledger.database.url,
      RELAY_BROKERS: cluster.brokers.join(','),
      RELAY_TOPIC: topic,
      RELAY_NAME: name,
      RELAY_BATCH_SIZE: String(BATCH_SIZE),
      RELAY_CRASH_AFTER_BATCHES: String(crashAfterBatches),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const batches: string[][] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line.startsWith('published ')) batches.push(line.split(' ')[2].split(','));
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { batches, exit, child };
}

async function waitForCheckpoint(checkpoints: FeedCheckpoints, name: string, position: string | undefined): Promise<void> {
  await withTimeout(
    (async () => {
      while ((await checkpoints.load(name)) !== position) await new Promise((resolve) => setTimeout(resolve, 50));
    })(),
    30_000,
    `relay ${name} did not reach ${position}`,
  );
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe('event relay killed mid-batch', () => {
  before(async () => {
    cluster = await startMockCluster({ brokerCount: 3, topics: [{ name: TOPIC, partitions: 4 }, { name: RANDOM_TOPIC, partitions: 4 }] });
    ledger = await createLedgerFixture();
  });
  after(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await ledger?.close();
    await cluster?.stop();
  });

  test('given a relay SIGKILLed after batch 3 was acknowledged, when restarted, then only batch 3 is sent twice and deduping on ce_id yields every event once, in order', async () => {
    const total = await appendInterleaved(ledger.store, 20, 15, 'acct');
    const checkpoints = new FeedCheckpoints(ledger.pool);

    const crashed = runRelayChild(3);
    const crash = await withTimeout(crashed.exit, 30_000, 'relay child did not crash');
    assert.equal(crash.signal, 'SIGKILL');
    assert.equal(crashed.batches.length, 3);
    const firstTwoBatches = await ledger.store.readAll({ maxCount: 2 * BATCH_SIZE });
    assert.equal(await checkpoints.load('crash-test'), firstTwoBatches[firstTwoBatches.length - 1].position, 'checkpoint is that of batch 2');

    const restarted = runRelayChild(0);
    const head = await ledger.store.headPosition();
    const consumer = await startTestConsumer(cluster.brokers, TOPIC);
    try {
      await consumer.waitFor((received) => received.length >= total + BATCH_SIZE, 60_000);
      await waitForCheckpoint(checkpoints, 'crash-test', head);
      const ids = consumer.received.map((message) => message.headers.ce_id);
      const seen = new Map<string, number>();
      for (const id of ids) seen.set(id, (seen.get(id) ?? 0) + 1);
      const duplicated = [...seen].filter(([, count]) => count > 1).map(([id]) => id);
      assert.equal(seen.size, total, 'every event arrived');
      assert.deepEqual(duplicated.sort(), [...crashed.batches[2]].sort(), 'only the unacknowledged batch was sent twice');
      assert.deepEqual(restarted.batches[0], crashed.batches[2], 'the restart begins with the batch it died on');

      const deduped = new Set<string>();
      const revisions = new Map<string, number[]>();
      for (const message of consumer.received) {
        if (deduped.has(message.headers.ce_id)) continue;
        deduped.add(message.headers.ce_id);
        revisions.set(message.key, [...(revisions.get(message.key) ?? []), message.value.revision as number]);
      }
      for (const [streamId, list] of revisions) assert.deepEqual(list, Array.from({ length: 15 }, (_, i) => i), `order of ${streamId}`);
    } finally {
      await consumer.stop();
      restarted.child.kill('SIGTERM');
      await withTimeout(restarted.exit, 10_000, 'relay child did not stop on SIGTERM');
    }
  });

  test('given a relay SIGKILLed from outside at an arbitrary moment, when restarted, then every event arrives and at most one batch is sent twice', async () => {
    await appendInterleaved(ledger.store, 50, 30, 'random');
    // Every committed event, counted in the table: the feed may still hold some back while a
    // transaction of another suite on the shared test server is open.
    const total = Number((await ledger.pool.query<{ count: string }>('SELECT count(*) FROM events')).rows[0].count);
    const checkpoints = new FeedCheckpoints(ledger.pool);

    const killed = runRelayChild(0, 'random-kill', RANDOM_TOPIC);
    await withTimeout(
      (async () => {
        while (killed.batches.length < 5) await new Promise((resolve) => setTimeout(resolve, 5));
      })(),
      30_000,
      'relay child published nothing',
    );
    killed.child.kill('SIGKILL');
    await withTimeout(killed.exit, 10_000, 'relay child did not die');
    assert.ok((await ledger.store.readAll({ after: await checkpoints.load('random-kill'), maxCount: 1 })).length > 0, 'killed before the end');

    const restarted = runRelayChild(0, 'random-kill', RANDOM_TOPIC);
    const consumer = await startTestConsumer(cluster.brokers, RANDOM_TOPIC);
    try {
      await waitForCheckpoint(checkpoints, 'random-kill', await ledger.store.headPosition());
      const onTopic = await topicMessageCount(cluster.brokers, RANDOM_TOPIC);
      await consumer.waitFor((received) => received.length >= onTopic, 60_000);
      assert.equal(new Set(consumer.received.map((m) => m.headers.ce_id)).size, total, 'every event arrived');
      const duplicates = consumer.received.length - total;
      assert.ok(duplicates >= 0 && duplicates <= BATCH_SIZE, `${duplicates} duplicates`);
    } finally {
      await consumer.stop();
      restarted.child.kill('SIGTERM');
      await withTimeout(restarted.exit, 10_000, 'relay child did not stop on SIGTERM');
    }
  });
});
