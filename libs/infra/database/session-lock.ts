import type { Pool, PoolClient } from 'pg';

/**
 * Runs `work` holding a session-level advisory lock on its own connection. Not a transaction:
 * the work may wait on a payment gateway for many seconds, and an open transaction would both
 * hit the pool's idle-in-transaction timeout and hold back every feed reader (the feed is read
 * below the oldest running transaction). A connection whose unlock failed is destroyed, which
 * releases the lock, rather than going back to the pool still holding it.
 */
export async function withSessionLock<T>(pool: Pool, name: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
    try {
      return await work(client);
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [name]).catch((error: Error) => {
        broken = error;
      });
    }
  } finally {
    client.release(broken);
  }
}

/** As `withSessionLock`, on a connection the caller already holds (one connection, two locks). */
export async function withLockOn<T>(client: PoolClient, name: string, work: () => Promise<T>): Promise<T> {
  await client.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
  try {
    return await work();
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [name]);
  }
}

/** A few statements on the locked connection that must land together. */
export async function inClientTransaction<T>(client: PoolClient, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
