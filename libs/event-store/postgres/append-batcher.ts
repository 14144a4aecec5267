import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool } from 'pg';

/**
 * Group commit for appends. Appends that arrive while earlier batches are in flight wait and then
 * go together: one statement, one transaction, one WAL flush for the lot, instead of one commit
 * each. Under concurrency the commit (the fsync) is what bounds throughput, so sharing it is where
 * the speed comes from; with one writer a batch holds one append and takes the ordinary path.
 *
 * Each append in a batch still has its own revision check. `ledger_append_batch` writes the
 * batch with one statement per step when every member is a plain new append (the common case),
 * and otherwise calls `ledger_append` once per member; either way it returns a status rather than
 * raising for a revision mismatch or a duplicate, so one loser does not abort the others. What does raise aborts the whole batch: the interleaving guard
 * (40001) and a deadlock (40P01) retry the batch in a new transaction; anything else (an event id
 * stored elsewhere, a lost race between identical appends) sends each member down the ordinary
 * path, where it meets its own error and nobody else's.
 */
export type AppendArguments = readonly [string, string, number | null, string[], string[], string[], string[], string[]];

export interface AppendRow {
  status: 'appended' | 'duplicate' | 'wrong_revision';
  last_revision: string;
  last_xid: string | null;
  last_position: string | null;
}

interface Pending {
  readonly args: AppendArguments;
  readonly resolve: (row: AppendRow) => void;
  readonly reject: (error: unknown) => void;
}

export interface AppendBatcherOptions {
  /** Appends per batch at most. */
  readonly maxBatch?: number;
  /** Batches running at once; the rest queue up and grow the next batch. */
  readonly maxInFlight?: number;
}

const BATCH_RETRIES_MAX = 5;
const RETRIABLE = new Set(['40001', '40P01']);

// The whole batch in one round trip and, in the common case, one statement per step for all of it
// (migration 0012); members that need more care fall back inside the function to one
// ledger_append call each.
const BATCH_SQL = `
  SELECT ord, status, last_revision, last_xid, last_position
    FROM ledger_append_batch($1::text[], $2::text[], $3::bigint[], $4::int[], $5::int[],
         $6::uuid[], $7::text[], $8::jsonb, $9::jsonb, $10::text[])`;

export class AppendBatcher {
  private queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;

  constructor(
    private readonly pool: Pool,
    /** The ordinary one-append path, with its own retries and error mapping. */
    private readonly single: (args: AppendArguments) => Promise<AppendRow>,
    options: AppendBatcherOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 128;
    this.maxInFlight = options.maxInFlight ?? 4;
  }

  submit(args: AppendArguments): Promise<AppendRow> {
    return new Promise<AppendRow>((resolve, reject) => {
      this.queue.push({ args, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight || this.queue.length === 0) return;
    this.scheduled = true;
    // One turn of the event loop (tens of microseconds) lets the appends issued meanwhile join.
    setImmediate(() => {
      this.scheduled = false;
      const batch = this.queue.splice(0, this.maxBatch);
      if (batch.length === 0) return;
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.schedule();
      });
      this.schedule();
    });
  }

  private async run(batch: Pending[]): Promise<void> {
    if (batch.length === 1) return settle(batch[0], () => this.single(batch[0].args));
    // One lock order for every batch (stable, so a stream's appends keep their order): two
    // batches touching the same streams queue behind each other instead of deadlocking.
    const ordered = [...batch].sort((a, b) => (a.args[0] < b.args[0] ? -1 : a.args[0] > b.args[0] ? 1 : 0));
    for (let attempt = 1; ; attempt++) {
      try {
        const rows = await this.execute(ordered);
        ordered.forEach((pending, index) => pending.resolve(rows[index]));
        return;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code !== undefined && RETRIABLE.has(code) && attempt < BATCH_RETRIES_MAX) {
          await sleep(Math.random() * attempt * 2);
          continue;
        }
        await this.oneByOne(ordered);
        return;
      }
    }
  }

  /** The ordinary path for each member; appends to one stream stay in order, streams run side by side. */
  private async oneByOne(batch: readonly Pending[]): Promise<void> {
    const byStream = new Map<string, Pending[]>();
    for (const pending of batch) byStream.set(pending.args[0], [...(byStream.get(pending.args[0]) ?? []), pending]);
    await Promise.all(
      [...byStream.values()].map(async (members) => {
        for (const pending of members) await settle(pending, () => this.single(pending.args));
      }),
    );
  }

  private async execute(batch: readonly Pending[]): Promise<AppendRow[]> {
    const [streams, modes, expected, firsts, lasts] = [[], [], [], [], []] as [string[], string[], Array<number | null>, number[], number[]];
    const events: [string[], string[], string[], string[], string[]] = [[], [], [], [], []];
    let next = 1;
    for (const { args } of batch) {
      const count = args[3].length;
      streams.push(args[0]);
      modes.push(args[1]);
      expected.push(args[2]);
      firsts.push(next);
      lasts.push(next + count - 1);
      next += count;
      for (let i = 0; i < count; i++) {
        events[0].push(args[3][i]);
        events[1].push(args[4][i]);
        events[2].push(args[5][i]);
        events[3].push(args[6][i]);
        events[4].push(args[7][i]);
      }
    }
    // Data and metadata go as one JSON array each: already JSON, they need no array-literal escaping.
    const [ids, types, data, metadata, hashes] = events;
    const values = [streams, modes, expected, firsts, lasts, ids, types, `[${data.join(',')}]`, `[${metadata.join(',')}]`, hashes];
    const { rows } = await this.pool.query<AppendRow & { ord: string }>({ name: 'ledger_append_batch', text: BATCH_SQL, values });
    if (rows.length !== batch.length) throw new Error(`a batch of ${batch.length} appends answered ${rows.length} rows`);
    return rows;
  }
}

async function settle(pending: Pending, work: () => Promise<AppendRow>): Promise<void> {
  try {
    pending.resolve(await work());
  } catch (error) {
    pending.reject(error);
  }
}
