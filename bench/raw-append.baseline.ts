import type { Pool } from 'pg';

/**
 * Two hand-written appends with plain `pg`, the yardsticks for our engine: what a careful
 * developer gets without an event-store library. Same table shape as ours (xid8 + identity
 * position, the same unique constraints and feed index) minus the hash chain.
 */
export interface RawEvent {
  readonly id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

export const RAW_SCHEMA = `
  CREATE TABLE IF NOT EXISTS raw_streams (stream_id text PRIMARY KEY, revision bigint NOT NULL);
  CREATE TABLE IF NOT EXISTS raw_events (
    global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    transaction_id  xid8   NOT NULL DEFAULT pg_current_xact_id(),
    stream_id       text   NOT NULL,
    stream_revision bigint NOT NULL,
    event_id        uuid   NOT NULL UNIQUE,
    event_type      text   NOT NULL,
    data            jsonb  NOT NULL,
    metadata        jsonb  NOT NULL,
    UNIQUE (stream_id, stream_revision)
  );
  CREATE INDEX IF NOT EXISTS raw_events_feed ON raw_events (transaction_id, global_position);`;

export class RawConflict extends Error {
  constructor(readonly streamId: string) {
    super(`stream ${streamId} is not at the expected revision`);
    this.name = 'RawConflict';
  }
}

/**
 * (a) One transaction per append: move the stream row from the expected revision (the check),
 * insert the events, commit. `expected` is -1 for a new stream.
 */
export async function appendInOwnTransaction(pool: Pool, streamId: string, expected: number, events: readonly RawEvent[]): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const moved =
      expected < 0
        ? await client.query('INSERT INTO raw_streams (stream_id, revision) VALUES ($1, $2) ON CONFLICT DO NOTHING', [streamId, events.length - 1])
        : await client.query('UPDATE raw_streams SET revision = $3 WHERE stream_id = $1 AND revision = $2', [streamId, expected, expected + events.length]);
    if (moved.rowCount !== 1) {
      await client.query('ROLLBACK');
      throw new RawConflict(streamId);
    }
    await client.query(
      `INSERT INTO raw_events (stream_id, stream_revision, event_id, event_type, data, metadata)
       SELECT $1, $2::bigint + e.ord, e.id, e.type, e.data, e.metadata
         FROM unnest($3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[]) WITH ORDINALITY AS e(id, type, data, metadata, ord)`,
      [streamId, expected, events.map((e) => e.id), events.map((e) => e.type), events.map((e) => e.data), events.map((e) => e.metadata)],
    );
    await client.query('COMMIT');
  } catch (error) {
    if (!(error instanceof RawConflict)) await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

interface Pending {
  readonly streamId: string;
  readonly expected: number;
  readonly events: readonly RawEvent[];
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * (b) Group commit: appends that arrive while a batch is in flight wait and go together in one
 * statement (one transaction, one WAL flush). Each append still checks its own stream's revision;
 * the losers of that check get RawConflict while the rest of the batch commits. A batch must not
 * hold one stream twice (the benchmark's writers own disjoint streams).
 */
export class RawGroupCommitter {
  private queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly pool: Pool,
    private readonly maxInFlight = 4,
    private readonly maxBatch = 256,
  ) {}

  append(streamId: string, expected: number, events: readonly RawEvent[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ streamId, expected, events, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight || this.queue.length === 0) return;
    this.scheduled = true;
    // One turn of the event loop lets every append issued meanwhile join the batch.
    setImmediate(() => {
      this.scheduled = false;
      const batch = this.queue.splice(0, this.maxBatch);
      if (batch.length === 0) return;
      this.inFlight++;
      void this.flush(batch).finally(() => {
        this.inFlight--;
        this.schedule();
      });
      this.schedule();
    });
  }

  private async flush(batch: readonly Pending[]): Promise<void> {
    const events = batch.flatMap((p) => p.events);
    let first = 1;
    const firsts = batch.map((p) => {
      const at = first;
      first += p.events.length;
      return at;
    });
    try {
      const { rows } = await this.pool.query<{ ord: string }>(BATCH_SQL, [
        batch.map((p) => p.streamId),
        batch.map((p) => p.expected),
        batch.map((p) => p.events.length),
        firsts,
        events.map((e) => e.id),
        events.map((e) => e.type),
        events.map((e) => e.data),
        events.map((e) => e.metadata),
      ]);
      const won = new Set(rows.map((row) => Number(row.ord)));
      batch.forEach((p, index) => (won.has(index + 1) ? p.resolve() : p.reject(new RawConflict(p.streamId))));
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }
}

/** The whole batch in one statement: create or move each stream row, then insert the winners' events. */
const BATCH_SQL = `
  WITH input AS (
    SELECT * FROM unnest($1::text[], $2::bigint[], $3::int[], $4::int[]) WITH ORDINALITY AS i(stream_id, expected, n, first, ord)
  ), created AS (
    INSERT INTO raw_streams (stream_id, revision)
    SELECT stream_id, n - 1 FROM input WHERE expected < 0
    ON CONFLICT DO NOTHING RETURNING stream_id
  ), moved AS (
    UPDATE raw_streams s SET revision = i.expected + i.n FROM input i
     WHERE s.stream_id = i.stream_id AND i.expected >= 0 AND s.revision = i.expected
    RETURNING s.stream_id
  ), winners AS (
    SELECT i.* FROM input i WHERE i.stream_id IN (SELECT stream_id FROM created UNION ALL SELECT stream_id FROM moved)
  ), inserted AS (
    INSERT INTO raw_events (stream_id, stream_revision, event_id, event_type, data, metadata)
    SELECT w.stream_id, w.expected + k, ($5::uuid[])[w.first + k - 1], ($6::text[])[w.first + k - 1],
           ($7::jsonb[])[w.first + k - 1], ($8::jsonb[])[w.first + k - 1]
      FROM winners w CROSS JOIN LATERAL generate_series(1, w.n) AS k
     ORDER BY w.ord, k
  )
  SELECT ord FROM winners`;
