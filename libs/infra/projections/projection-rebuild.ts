import type { Pool, PoolClient } from 'pg';
import type { EventStore } from '../../event-store/event-store.port';
import { withSessionLock } from '../database/session-lock';
import { liveTables, rebuildTables, type Projection } from './projection';
import { applyToTargets, describeError, inTransaction, leaveBehind, lockCheckpoints, lowestPosition, type BatchTarget } from './projection-batch';
import { PROJECTION_BATCH_SIZE } from './projection-runner';
import { fillInLanes } from './rebuild-lanes';

/**
 * Blue/green rebuild of one or several read models in one pass over the feed: fill a second set of
 * tables (`<table>__rebuild`) from the first event while the live ones keep answering, each feed
 * batch read once and applied to every rebuild (in two lanes side by side: rebuild-lanes.ts), then
 * swap them all in one short transaction that holds the live checkpoints' row locks — so the live
 * runner pauses for the swap only, and resumes from the rebuilt tables' position without applying
 * anything twice.
 */
export interface RebuildProgress {
  (applied: number): void;
}

/**
 * Events per feed read while rebuilding: bigger than the live runner's, as nobody waits on a batch.
 * Each batch costs every read model a few statements, and an account whose events straddle two
 * batches is written twice: with two lanes, a replay of 300 000 events took ≈ 13 % less time with
 * 10 000 than with 2 000 (20 000 bought nothing more). Memory stays bounded by the few batches held
 * at once (rebuild-lanes.ts), though each swing of the heap is bigger.
 */
export const REBUILD_BATCH_SIZE = 10_000;

export interface BuildOutcome {
  /** Events read from the feed. */
  readonly events: number;
  /** Read models that met an event they cannot apply, by name: they were left behind. */
  readonly failures: ReadonlyMap<string, unknown>;
}

export class ProjectionRebuildFailed extends Error {
  constructor(readonly failures: ReadonlyMap<string, unknown>) {
    super(`cannot rebuild from the events: ${[...failures].map(([name, error]) => `${name}: ${describeError(error)}`).join('; ')}`);
    this.name = 'ProjectionRebuildFailed';
  }
}

const rebuildTarget = (projection: Projection): BatchTarget => ({ projection, tables: rebuildTables, checkpoint: `${projection.name}__rebuild` });
/**
 * One set of `__rebuild` tables serves every rebuild and every verify: an admin's rebuild, a verify
 * run from the console and `ledger verify` from a terminal take turns on it rather than drop each
 * other's tables half-way.
 */
const REBUILD_TABLES_LOCK = 'projections:rebuild-tables';

const liveTarget = (projection: Projection): BatchTarget => ({ projection, tables: liveTables, checkpoint: projection.name });

/** Builds the rebuild tables of every given read model up to the feed's head, reading the feed once. */
export async function buildBeside(pool: Pool, store: EventStore, projections: readonly Projection[], progress?: RebuildProgress): Promise<BuildOutcome> {
  const deferredIndexes = await inTransaction(pool, (client) => createRebuildTables(client, projections));
  const built = await fill(pool, store, projections, progress);
  await inTransaction(pool, async (client) => {
    for (const definition of deferredIndexes) await client.query(definition);
  });
  return built;
}

/**
 * Creates empty rebuild tables and checkpoints. Their secondary indexes (neither unique nor
 * primary, so no write depends on them) are dropped and their definitions returned, to be built
 * once at the end from the filled table rather than kept up to date row by row.
 */
async function createRebuildTables(client: PoolClient, projections: readonly Projection[]): Promise<string[]> {
  for (const projection of projections) {
    for (const table of projection.tables) await client.query(`DROP TABLE IF EXISTS ${rebuildTables(table)} CASCADE`);
    await client.query(projection.createTables(rebuildTables));
    await client.query(
      `INSERT INTO projection_checkpoints (name, version, position, status) VALUES ($1, $2, NULL, 'rebuilding')
       ON CONFLICT (name) DO UPDATE SET position = NULL, version = EXCLUDED.version, status = 'rebuilding', error = NULL`,
      [rebuildTarget(projection).checkpoint, projection.version],
    );
  }
  const { rows } = await client.query<{ indexname: string; indexdef: string }>(
    `SELECT ci.relname AS indexname, pg_get_indexdef(x.indexrelid) AS indexdef
     FROM pg_index x JOIN pg_class ci ON ci.oid = x.indexrelid JOIN pg_class ct ON ct.oid = x.indrelid
     WHERE ct.relnamespace = current_schema()::regnamespace AND ct.relname = ANY($1) AND NOT x.indisunique AND NOT x.indisprimary`,
    [projections.flatMap((projection) => projection.tables.map(rebuildTables))],
  );
  for (const { indexname } of rows) await client.query(`DROP INDEX ${indexname}`);
  return rows.map((row) => row.indexdef);
}

/** Applies the whole feed to the rebuild tables, each batch read once for all of them. */
function fill(pool: Pool, store: EventStore, projections: readonly Projection[], progress?: RebuildProgress): Promise<BuildOutcome> {
  return fillInLanes(pool, store, projections.map(rebuildTarget), REBUILD_BATCH_SIZE, progress);
}

/** In the caller's transaction (live checkpoints locked): brings the targets up to the feed's head. */
async function catchUp(client: PoolClient, store: EventStore, targets: readonly BatchTarget[], failures: Map<string, unknown>): Promise<void> {
  let remaining = [...targets];
  while (remaining.length > 0) {
    const positions = await lockCheckpoints(client, remaining.map((target) => target.checkpoint));
    const from = lowestPosition(remaining.map((target) => positions.get(target.checkpoint) || undefined));
    const events = await store.readAll({ after: from, maxCount: PROJECTION_BATCH_SIZE });
    if (events.length === 0) return;
    remaining = leaveBehind(remaining, await applyToTargets(client, remaining, events), failures);
  }
}

/** Rebuilds the read models in one pass and swaps all the new tables in at once. */
export async function rebuildAndSwap(pool: Pool, store: EventStore, projections: readonly Projection[], progress?: RebuildProgress): Promise<number> {
  return withSessionLock(pool, REBUILD_TABLES_LOCK, () => swapInRebuild(pool, store, projections, progress));
}

async function swapInRebuild(pool: Pool, store: EventStore, projections: readonly Projection[], progress?: RebuildProgress): Promise<number> {
  const built = await buildBeside(pool, store, projections, progress);
  if (built.failures.size > 0) throw new ProjectionRebuildFailed(built.failures);
  await inTransaction(pool, async (client) => {
    await lockCheckpoints(client, projections.map((projection) => projection.name));
    const failures = new Map<string, unknown>();
    const targets = projections.map(rebuildTarget);
    await catchUp(client, store, targets, failures);
    if (failures.size > 0) throw new ProjectionRebuildFailed(failures);
    const positions = await lockCheckpoints(client, targets.map((target) => target.checkpoint));
    for (const target of targets) {
      const { projection } = target;
      for (const table of projection.tables) {
        await client.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
        await client.query(`ALTER TABLE ${rebuildTables(table)} RENAME TO ${table}`);
        await renameIndexes(client, table);
      }
      await client.query(
        `UPDATE projection_checkpoints SET position = $2, version = $3, status = 'running', error = NULL, updated_at = now() WHERE name = $1`,
        [projection.name, positions.get(target.checkpoint) || null, projection.version],
      );
    }
    await client.query('DELETE FROM projection_checkpoints WHERE name = ANY($1)', [targets.map((target) => target.checkpoint)]);
  });
  return built.events;
}

export interface RebuildComparison {
  /** Rows that differ (both directions) per table of every read model that could be rebuilt. */
  readonly differences: Record<string, number>;
  /** Read models that cannot be rebuilt from the events, by name. */
  readonly failures: ReadonlyMap<string, unknown>;
}

/**
 * Rebuilds beside the live models in one pass, brings both sets to the same position while the
 * live checkpoints are locked, and counts the rows that differ per table. Drops the rebuilds after.
 */
export async function compareEachWithRebuild(pool: Pool, store: EventStore, projections: readonly Projection[], progress?: RebuildProgress): Promise<RebuildComparison> {
  return withSessionLock(pool, REBUILD_TABLES_LOCK, () => compareBeside(pool, store, projections, progress));
}

async function compareBeside(pool: Pool, store: EventStore, projections: readonly Projection[], progress?: RebuildProgress): Promise<RebuildComparison> {
  const failures = new Map<string, unknown>();
  try {
    for (const [name, error] of (await buildBeside(pool, store, projections, progress)).failures) failures.set(name, error);
    const differences = await inTransaction(pool, async (client) => {
      const rebuilt = projections.filter((projection) => !failures.has(projection.name));
      await lockCheckpoints(client, rebuilt.map((projection) => projection.name));
      await catchUp(client, store, rebuilt.map(liveTarget), failures);
      await catchUp(client, store, rebuilt.filter((projection) => !failures.has(projection.name)).map(rebuildTarget), failures);
      const counts: Record<string, number> = {};
      for (const projection of projections.filter((candidate) => !failures.has(candidate.name))) {
        for (const table of projection.tables) counts[table] = await differingRows(client, table);
      }
      return counts;
    });
    return { differences, failures };
  } finally {
    await inTransaction(pool, async (client) => {
      for (const projection of projections) {
        for (const table of projection.tables) await client.query(`DROP TABLE IF EXISTS ${rebuildTables(table)} CASCADE`);
      }
      await client.query('DELETE FROM projection_checkpoints WHERE name = ANY($1)', [projections.map((projection) => rebuildTarget(projection).checkpoint)]);
    });
  }
}

/** As compareEachWithRebuild, but a read model that cannot be rebuilt is an error. */
export async function compareWithRebuild(pool: Pool, store: EventStore, projections: readonly Projection[], progress?: RebuildProgress): Promise<Record<string, number>> {
  const { differences, failures } = await compareEachWithRebuild(pool, store, projections, progress);
  if (failures.size > 0) throw new ProjectionRebuildFailed(failures);
  return differences;
}

async function differingRows(client: PoolClient, table: string): Promise<number> {
  const { rows } = await client.query<{ count: string }>(
    `SELECT count(*) FROM ((TABLE ${table} EXCEPT ALL TABLE ${rebuildTables(table)}) UNION ALL (TABLE ${rebuildTables(table)} EXCEPT ALL TABLE ${table})) AS d`,
  );
  return Number(rows[0].count);
}

/** Index (and constraint) names follow the table's: `accounts__rebuild_pkey` becomes `accounts_pkey`. */
async function renameIndexes(client: PoolClient, table: string): Promise<void> {
  const { rows } = await client.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1`, [table]);
  for (const { indexname } of rows) {
    const renamed = indexname.replace(rebuildTables(table), table);
    if (renamed !== indexname) await client.query(`ALTER INDEX ${indexname} RENAME TO ${renamed}`);
  }
}
