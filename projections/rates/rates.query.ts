import type { Pool } from 'pg';

/** The rates read model: each rate set, newest first within its currency or region. */
export interface RateEntry {
  readonly key: string;
  readonly rate: string;
  readonly effectiveAt: string;
  readonly setAt: string;
  readonly setBy: string;
  /** Whether this is the rate in force at `now` (the latest effective at or before it). */
  readonly inForce: boolean;
  /** Whether it holds from a later instant than `now`. */
  readonly scheduled: boolean;
}

export async function rateHistory(pool: Pool, kind: 'exchange' | 'tax', now: Date): Promise<RateEntry[]> {
  const { rows } = await pool.query<{ key: string; rate: string; effective_at: Date; set_at: Date; set_by: string; in_force: boolean }>(
    `SELECT key, rate, effective_at, set_at, set_by,
       position = (SELECT r2.position FROM rate_history r2 WHERE r2.kind = r.kind AND r2.key = r.key AND r2.effective_at <= $2
                   ORDER BY r2.effective_at DESC, r2.position DESC LIMIT 1) AS in_force
     FROM rate_history r WHERE kind = $1 ORDER BY key, effective_at DESC, position DESC`,
    [kind, now],
  );
  return rows.map((row) => ({
    key: row.key, rate: row.rate, effectiveAt: row.effective_at.toISOString(), setAt: row.set_at.toISOString(), setBy: row.set_by,
    inForce: row.in_force === true, scheduled: row.effective_at.getTime() > now.getTime(),
  }));
}
