import type { Pool, PoolClient } from 'pg';
import type { StoredEvent } from '../../event-store/event-store.port';
import { isDatabaseUnavailable } from '../database/database-errors';
import type { Projection, TableNamer } from './projection';

/**
 * One batch of the feed applied to several read models in the caller's transaction. Each target
 * is a projection writing to one set of tables (live or rebuild) and keeping its position in one
 * checkpoint row. All the checkpoint rows are locked first, in name order, so that two workers,
 * a rebuild's swap and a verify take them in the same order and cannot deadlock; events at or
 * before a target's own checkpoint are dropped, so each event takes effect once per target
 * whoever delivers it, and a target that is behind catches up while the others skip.
 *
 * A target that throws on an event is rolled back to a savepoint taken just before it and
 * reported, so that the others' work and checkpoints in the same transaction still commit. An
 * error meaning the database is gone is rethrown instead: the whole batch is then retried later.
 */
export interface BatchTarget {
  readonly projection: Projection;
  readonly tables: TableNamer;
  /** Name of the checkpoint row that says how far these tables are. */
  readonly checkpoint: string;
}

export interface TargetFailure {
  readonly target: BatchTarget;
  readonly error: unknown;
}

export async function applyToTargets(client: PoolClient, targets: readonly BatchTarget[], events: readonly StoredEvent[]): Promise<TargetFailure[]> {
  if (targets.length === 0 || events.length === 0) return [];
  const stored = await lockCheckpoints(client, targets.map((target) => target.checkpoint));
  const names: string[] = [];
  const positions: string[] = [];
  const failures: TargetFailure[] = [];
  for (const [index, target] of targets.entries()) {
    const fresh = after(events, stored.get(target.checkpoint) ?? '');
    if (fresh.length === 0) continue;
    await client.query(`SAVEPOINT target_${index}`);
    try {
      await target.projection.apply(client, fresh, target.tables);
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw error;
      await client.query(`ROLLBACK TO SAVEPOINT target_${index}`);
      failures.push({ target, error });
      continue;
    }
    names.push(target.checkpoint);
    positions.push(fresh[fresh.length - 1].position);
  }
  if (names.length > 0) {
    await client.query(
      `UPDATE projection_checkpoints AS c SET position = m.position, updated_at = now()
       FROM unnest($1::text[], $2::text[]) AS m(name, position) WHERE c.name = m.name`,
      [names, positions],
    );
  }
  return failures;
}

/** Records the failed targets by read model's name and answers the targets still to feed. */
export function leaveBehind(targets: readonly BatchTarget[], failed: readonly TargetFailure[], failures: Map<string, unknown>): BatchTarget[] {
  for (const { target, error } of failed) failures.set(target.projection.name, error);
  return targets.filter((target) => !failures.has(target.projection.name));
}

/** Locks the named checkpoint rows in name order; answers each one's position ('' before the first event). */
export async function lockCheckpoints(client: PoolClient, names: readonly string[]): Promise<Map<string, string>> {
  const { rows } = await client.query<{ name: string; position: string | null }>(
    'SELECT name, position FROM projection_checkpoints WHERE name = ANY($1) ORDER BY name FOR UPDATE',
    [names],
  );
  return new Map(rows.map((row) => [row.name, row.position ?? '']));
}

/** The events strictly after `position`; the feed's batches are in position order. */
function after(events: readonly StoredEvent[], position: string): readonly StoredEvent[] {
  if (position === '' || events[0].position > position) return events;
  if (events[events.length - 1].position <= position) return [];
  return events.filter((event) => event.position > position);
}

/** The lowest of several checkpoints; undefined (the feed's start) when any is at the start. */
export function lowestPosition(positions: Iterable<string | undefined>): string | undefined {
  let lowest: string | undefined;
  for (const position of positions) {
    if (position === undefined || position === '') return undefined;
    if (lowest === undefined || position < lowest) lowest = position;
  }
  return lowest;
}

export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
