import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool, PoolClient } from 'pg';

/**
 * A history writer (`npm run ledger -- demo`) places events in the past: it moves its own manual
 * clock through months of simulated time while a service on the system clock may be running on
 * the same database. Work that falls due with time must then keep its hands off, or a renewal
 * stamped "now" would land in the middle of an account's past. So the writer holds this lock
 * exclusively for its whole run, and time-driven work (the due-work poller, the payment collector)
 * takes it shared for each round: they run side by side with each other, never with a writer.
 *
 * An advisory lock is released by PostgreSQL when the writer's connection ends, so a writer that
 * crashes never leaves the service paused.
 */
export const HISTORY_WRITER_LOCK = 'ledger:history-writer';

export interface HistoryWriterLock {
  release(): Promise<void>;
}

/** Takes the lock exclusively; undefined when another writer holds it. Waits for running rounds. */
export async function acquireHistoryWriterLock(pool: Pool): Promise<HistoryWriterLock | undefined> {
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [HISTORY_WRITER_LOCK]);
    if (!rows[0].ok) {
      client.release();
      return undefined;
    }
  } catch (error) {
    client.release(error as Error);
    throw error;
  }
  return {
    release: async () => {
      let broken: Error | undefined;
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [HISTORY_WRITER_LOCK]).catch((error: Error) => {
        broken = error;
      });
      client.release(broken);
    },
  };
}

async function tryShared(client: PoolClient): Promise<boolean> {
  const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock_shared(hashtext($1)) AS ok', [HISTORY_WRITER_LOCK]);
  return rows[0].ok;
}

async function releaseShared(client: PoolClient): Promise<Error | undefined> {
  return client.query('SELECT pg_advisory_unlock_shared(hashtext($1))', [HISTORY_WRITER_LOCK]).then(
    () => undefined,
    (error: Error) => error,
  );
}

/** Runs one round of time-driven work unless a history writer is at work; undefined when skipped. */
export async function unlessWritingHistory<T>(pool: Pool, work: () => Promise<T>): Promise<T | undefined> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    if (!(await tryShared(client))) return undefined;
    try {
      return await work();
    } finally {
      broken = await releaseShared(client);
    }
  } finally {
    client.release(broken);
  }
}

/** Runs the work once no history writer is at work, waiting (polling) as long as one is. */
export async function afterHistoryWritten<T>(pool: Pool, work: () => Promise<T>, pollMs = 500): Promise<T> {
  for (;;) {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      if (await tryShared(client)) {
        try {
          return await work();
        } finally {
          broken = await releaseShared(client);
        }
      }
    } finally {
      client.release(broken);
    }
    await sleep(pollMs);
  }
}
