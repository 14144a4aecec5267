import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { NewEvent } from '../../libs/event-store/event-store.port';
import { PostgresEventStore } from '../../libs/event-store/postgres/postgres-event-store';
import type { KafkaLogger } from '../../libs/infra/kafka/kafka-client';
import { migrate } from '../../libs/infra/database/migrate';
import { createPool } from '../../libs/infra/database/pool';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** A migrated test database with the real PostgreSQL event store on it, for the relay tests. */
export interface LedgerFixture {
  readonly database: TestDatabase;
  readonly pool: Pool;
  readonly store: PostgresEventStore;
  close(): Promise<void>;
}

export async function createLedgerFixture(): Promise<LedgerFixture> {
  const database = await createTestDatabase('relay');
  const pool = createPool(database.url);
  await migrate(pool);
  const store = new PostgresEventStore(pool, { pollIntervalMs: 20 });
  return {
    database,
    pool,
    store,
    close: async () => {
      await store.close();
      await pool.end();
      await database.drop();
    },
  };
}

export function productCountEvent(count: number): NewEvent {
  return {
    id: randomUUID(),
    type: 'ProductCountSet',
    data: { count },
    metadata: {
      correlationId: `corr-${count}`,
      causationId: `cause-${count}`,
      actor: 'vendor-test',
      command: 'SetProductCount',
      occurredAt: '2026-03-01T10:00:00.000Z',
    },
  };
}

/**
 * Appends `perStream` events to each of `streams` streams, interleaving the streams so that the
 * global feed mixes them, sometimes two events per append. Returns how many were appended.
 */
export async function appendInterleaved(store: PostgresEventStore, streams: number, perStream: number, prefix = 'account'): Promise<number> {
  const next = new Map<string, number>();
  let appended = 0;
  while (appended < streams * perStream) {
    for (let s = 0; s < streams; s++) {
      const streamId = `${prefix}-${s}`;
      const revision = next.get(streamId) ?? 0;
      if (revision >= perStream) continue;
      const count = Math.min(perStream - revision, 1 + ((s + revision) % 2));
      const events = Array.from({ length: count }, (_, i) => productCountEvent(revision + i));
      await store.append(streamId, events, { expectedRevision: revision === 0 ? 'no_stream' : revision - 1 });
      next.set(streamId, revision + count);
      appended += count;
    }
  }
  return appended;
}

export interface CapturedLog {
  readonly level: string;
  readonly fields: object;
  readonly message?: string;
}

export function capturingLogger(lines: CapturedLog[]): KafkaLogger {
  const at = (level: string) => (fields: object, message?: string) => void lines.push({ level, fields, message });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
