import type { Pool } from 'pg';
import type { EventStore } from '../../event-store/event-store.port';

/**
 * Where each follower of the feed stands (read models, and processes such as the payment
 * collector): its checkpoint beside the feed's head, and how many events it has yet to apply,
 * counted up to a cap so that asking stays cheap however far behind one is.
 */
export const BEHIND_COUNT_MAX = 1_000;

export interface FollowerStatus {
  readonly name: string;
  readonly status: string;
  readonly position: string | null;
  /** Events after its checkpoint, at most BEHIND_COUNT_MAX (then "at least that many"). */
  readonly eventsBehind: number;
  readonly updatedAt: string;
  readonly error: string | null;
}

export async function followerStatuses(pool: Pool, store: EventStore): Promise<{ head: string | null; followers: FollowerStatus[] }> {
  const head = (await store.headPosition()) ?? null;
  const { rows } = await pool.query<{ name: string; status: string; position: string | null; updated_at: Date; error: string | null }>(
    'SELECT name, status, position, updated_at, error FROM projection_checkpoints ORDER BY name',
  );
  const followers: FollowerStatus[] = [];
  for (const row of rows) {
    const caughtUp = head === null || (row.position !== null && row.position >= head);
    const eventsBehind = caughtUp ? 0 : (await store.readAll({ after: row.position ?? undefined, maxCount: BEHIND_COUNT_MAX })).length;
    followers.push({ name: row.name, status: row.status, position: row.position, eventsBehind, updatedAt: row.updated_at.toISOString(), error: row.error });
  }
  return { head, followers };
}
