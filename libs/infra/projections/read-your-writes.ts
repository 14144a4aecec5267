import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool } from 'pg';

/**
 * `?after=<position>` on a query: wait (at most 5 s) until the named read models have applied
 * that position, so the app reads its own writes. Answers false when the wait timed out; the
 * caller then serves what it has and says so.
 */
export const READ_YOUR_WRITES_TIMEOUT_MS = 5_000;

export async function waitForPosition(pool: Pool, projections: readonly string[], position: string, timeoutMs = READ_YOUR_WRITES_TIMEOUT_MS): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
    const { rows } = await pool.query<{ position: string | null }>('SELECT position FROM projection_checkpoints WHERE name = ANY($1)', [projections]);
    if (rows.length === projections.length && rows.every((row) => row.position !== null && row.position >= position)) return true;
    if (Date.now() >= deadline) return false;
    await sleep(pause);
  }
}
