import type { Pool } from 'pg';

/**
 * Whole-stream reads issued in the same turn of the event loop go to PostgreSQL as one query.
 * Every command reads its account stream and both rate streams; under concurrency many of those
 * reads are in flight at once, and one round trip for all of them saves the per-query cost (the
 * socket writes and the executor start-up) that dominated a command's CPU in the benchmarks.
 *
 * A read only ever joins a query that has not been sent yet, so it sees every write that finished
 * before it was issued: read-your-writes holds exactly as with a query of its own.
 */
interface Waiter<TRow> {
  readonly resolve: (rows: TRow[]) => void;
  readonly reject: (error: unknown) => void;
}

export class StreamReadBatcher<TRow extends { stream_id: string }> {
  private pending = new Map<string, Array<Waiter<TRow>>>();
  private scheduled = false;

  constructor(
    private readonly pool: Pool,
    /** Selects the rows of every stream in `$1::text[]`, ordered by stream and revision. */
    private readonly sql: string,
  ) {}

  read(streamId: string): Promise<TRow[]> {
    return new Promise<TRow[]>((resolve, reject) => {
      const waiters = this.pending.get(streamId);
      if (waiters) waiters.push({ resolve, reject });
      else this.pending.set(streamId, [{ resolve, reject }]);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    this.scheduled = false;
    try {
      const { rows } = await this.pool.query<TRow>({ name: 'ledger_read_streams', text: this.sql, values: [[...batch.keys()]] });
      const byStream = new Map<string, TRow[]>();
      for (const row of rows) {
        const list = byStream.get(row.stream_id);
        if (list) list.push(row);
        else byStream.set(row.stream_id, [row]);
      }
      for (const [streamId, waiters] of batch) for (const waiter of waiters) waiter.resolve(byStream.get(streamId) ?? []);
    } catch (error) {
      for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
    }
  }
}
