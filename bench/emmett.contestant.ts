import { getPostgreSQLEventStore, type PostgresEventStore as EmmettStore } from '@event-driven-io/emmett-postgresql';
import pg, { Pool } from 'pg';

/**
 * Emmett's PostgreSQL event store in the same process as ours. Emmett's driver layer (dumbo)
 * installs process-wide `pg` type parsers on first use (int8 → BigInt, json → its own parser),
 * which would change what every other pool in this process reads. So Emmett gets a pool with
 * those parsers of its own, and the process-wide ones are put back right after it is created.
 */
const EMMETT_PARSED = [20, 114, 3802] as const;

export interface EmmettContestant {
  readonly store: EmmettStore;
  append(streamId: string, expectedVersion: number, events: ReadonlyArray<{ type: string; data: Record<string, unknown>; metadata: Record<string, unknown> }>): Promise<void>;
  close(): Promise<void>;
}

export async function startEmmett(url: string, max: number): Promise<EmmettContestant> {
  const emmettParsers: Record<number, (value: string) => unknown> = { 20: (value) => BigInt(value), 114: (value) => JSON.parse(value), 3802: (value) => JSON.parse(value) };
  const pool = new Pool({
    connectionString: url,
    max,
    types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => emmettParsers[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser },
  });
  pool.on('error', () => undefined);
  const saved = EMMETT_PARSED.map((oid) => [oid, pg.types.getTypeParser(oid, 'text')] as const);
  const store = getPostgreSQLEventStore(url, { connectionOptions: { pool } });
  for (const [oid, parser] of saved) pg.types.setTypeParser(oid, 'text', parser);
  await store.schema.migrate();
  return {
    store,
    async append(streamId, expectedVersion, events) {
      // Emmett versions are 1-based event counts; a new stream has none.
      await store.appendToStream(streamId, events.map((event) => ({ ...event })), {
        expectedStreamVersion: expectedVersion < 0 ? 'STREAM_DOES_NOT_EXIST' : BigInt(expectedVersion + 1),
      });
    },
    async close() {
      await store.close();
      await pool.end().catch(() => undefined);
    },
  };
}
