/**
 * Relay throughput into Kafka (librdkafka's mock cluster), compared in the same run with raw
 * kafkajs producing the very same records: the ratio shows what the relay's reading, mapping and
 * checkpointing cost on top of the broker round trips.
 *
 * Run: npx tsc -p . && node dist/bench/relay.bench.js [events=20000] [streams=200]
 * Uses TEST_DATABASE_URL or DATABASE_URL when set, else starts the embedded PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { EventRelay } from '../apps/relay/event-relay';
import { toKafkaRecord } from '../apps/relay/event-envelope';
import { PostgresEventStore } from '../libs/event-store/postgres/postgres-event-store';
import { serverScratchDir, startEmbeddedPostgres } from '../libs/infra/database/embedded-postgres';
import { migrate } from '../libs/infra/database/migrate';
import { createPool } from '../libs/infra/database/pool';
import { createKafka, createProducer } from '../libs/infra/kafka/kafka-client';
import { startMockCluster, type MockCluster } from '../test/kafka/mock-cluster';
import { productCountEvent } from '../test/kafka/relay-fixture';

const BATCH_SIZES = [100, 500, 1000];
/** Each figure is the median of this many runs, raw and relay alternating, to damp the noise of a 2-core machine. */
const REPEATS = 3;

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function seed(store: PostgresEventStore, events: number, streams: number): Promise<void> {
  const perStream = Math.ceil(events / streams);
  const appends: Promise<unknown>[] = [];
  for (let s = 0; s < streams; s++) {
    const batch = Array.from({ length: perStream }, (_, i) => productCountEvent(i));
    appends.push(store.append(`bench-${s}`, batch, { expectedRevision: 'no_stream' }));
    if (appends.length >= 8) await Promise.all(appends.splice(0));
  }
  await Promise.all(appends);
}

async function rawKafkajs(cluster: MockCluster, store: PostgresEventStore, topic: string, batchSize: number): Promise<number> {
  const events = await store.readAll({ maxCount: 1_000_000 });
  const records = events.map(toKafkaRecord);
  const producer = createProducer(createKafka({ brokers: cluster.brokers, clientId: 'bench-raw' }), { idempotent: false });
  await producer.connect();
  const started = performance.now();
  for (let i = 0; i < records.length; i += batchSize) {
    await producer.send({ topic, acks: -1, messages: records.slice(i, i + batchSize).map((r) => ({ key: r.key, value: r.value, headers: r.headers })) });
  }
  const seconds = (performance.now() - started) / 1000;
  await producer.disconnect();
  return records.length / seconds;
}

async function relayRun(cluster: MockCluster, store: PostgresEventStore, pool: ReturnType<typeof createPool>, topic: string, batchSize: number): Promise<number> {
  const head = await store.headPosition();
  const total = (await store.readAll({ maxCount: 1_000_000 })).length;
  const relay = new EventRelay({ eventStore: store, pool, brokers: cluster.brokers, topic, name: `bench-${topic}`, idempotent: false, batchSize, lagIntervalMs: 0 });
  const started = performance.now();
  await relay.start();
  while (relay.position !== head) await new Promise((resolve) => setTimeout(resolve, 2));
  const seconds = (performance.now() - started) / 1000;
  await relay.stop();
  return total / seconds;
}

async function database(): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (server) return { url: server, stop: async () => undefined };
  const scratch = serverScratchDir('ledger-bench-relay-');
  const db = await startEmbeddedPostgres({ dataDir: join(scratch, 'postgres'), persistent: false });
  return { url: db.url, stop: async () => { await db.stop(); rmSync(scratch, { recursive: true, force: true }); } };
}

async function main(): Promise<void> {
  const events = Number(process.argv[2] ?? 20_000);
  const streams = Number(process.argv[3] ?? 200);
  const server = await database();
  const name = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(server.url);
  url.pathname = `/${name}`;
  const pool = createPool(url.toString());
  await migrate(pool);
  const store = new PostgresEventStore(pool, { pollIntervalMs: 20 });
  const topics = BATCH_SIZES.flatMap((size) => Array.from({ length: REPEATS }, (_, rep) => [`raw-${size}-${rep}`, `relay-${size}-${rep}`]).flat()).map((topic) => ({ name: topic, partitions: 6 }));
  const cluster = await startMockCluster({ brokerCount: 3, topics });
  try {
    await seed(store, events, streams);
    console.log(`relay benchmark: ${events} events over ${streams} streams, mock cluster of 3 brokers, 6 partitions, acks=all, median of ${REPEATS}`);
    for (const size of BATCH_SIZES) {
      const raws: number[] = [];
      const relays: number[] = [];
      for (let rep = 0; rep < REPEATS; rep++) {
        raws.push(await rawKafkajs(cluster, store, `raw-${size}-${rep}`, size));
        relays.push(await relayRun(cluster, store, pool, `relay-${size}-${rep}`, size));
      }
      const [raw, relayed] = [median(raws), median(relays)];
      console.log(`batch ${String(size).padStart(4)}: raw kafkajs ${Math.round(raw)} events/s, relay ${Math.round(relayed)} events/s, relay/raw ${(relayed / raw).toFixed(2)}`);
    }
  } finally {
    await cluster.stop();
    await store.close();
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
