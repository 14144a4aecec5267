import type { Pool, PoolClient } from 'pg';
import type { EventStore } from '../../event-store/event-store.port';
import { liveTables, rebuildTables, type Projection } from './projection';
import { applyBatch, inTransaction, PROJECTION_BATCH_SIZE } from './projection-runner';

/**
 * Blue/green rebuild: fill a second set of tables (`<table>__rebuild`) from the first event while
 * the live ones keep answering, then swap them in one short transaction that holds the live
 * checkpoint's row lock — so the live runner pauses for the swap only, and resumes from the
 * rebuilt tables' position without applying anything twice.
 */
export interface RebuildProgress {
  (applied: number): void;
}

const rebuildCheckpoint = (projection: Projection) => `${projection.name}__rebuild`;

/** Builds the rebuild tables up to the feed's head. Returns the number of events read. */
export async function buildBeside(pool: Pool, store: EventStore, projection: Projection, progress?: RebuildProgress): Promise<number> {
  await inTransaction(pool, async (client) => {
    for (const table of projection.tables) await client.query(`DROP TABLE IF EXISTS ${rebuildTables(table)} CASCADE`);
    await client.query(projection.createTables(rebuildTables));
    await client.query(
      `INSERT INTO projection_checkpoints (name, version, position, status) VALUES ($1, $2, NULL, 'rebuilding')
       ON CONFLICT (name) DO UPDATE SET position = NULL, version = EXCLUDED.version, status = 'rebuilding', error = NULL`,
      [rebuildCheckpoint(projection), projection.version],
    );
  });
  let after: string | undefined;
  let applied = 0;
  for (;;) {
    const events = await store.readAll({ after, maxCount: PROJECTION_BATCH_SIZE * 4 });
    if (events.length === 0) return applied;
    await inTransaction(pool, (client) => applyBatch(client, projection, events, rebuildTables, rebuildCheckpoint(projection)));
    after = events[events.length - 1].position;
    applied += events.length;
    progress?.(applied);
  }
}

/** With the live checkpoint locked: brings one set of tables up to the feed's head. */
async function catchUp(client: PoolClient, store: EventStore, projection: Projection, which: 'live' | 'rebuild'): Promise<string | null> {
  const name = which === 'live' ? projection.name : rebuildCheckpoint(projection);
  const tables = which === 'live' ? liveTables : rebuildTables;
  for (;;) {
    const { rows } = await client.query<{ position: string | null }>('SELECT position FROM projection_checkpoints WHERE name = $1 FOR UPDATE', [name]);
    const events = await store.readAll({ after: rows[0]?.position ?? undefined, maxCount: PROJECTION_BATCH_SIZE });
    if (events.length === 0) return rows[0]?.position ?? null;
    await applyBatch(client, projection, events, tables, name);
  }
}

/** Rebuilds a projection and swaps the new tables in. */
export async function rebuildAndSwap(pool: Pool, store: EventStore, projection: Projection, progress?: RebuildProgress): Promise<number> {
  const applied = await buildBeside(pool, store, projection, progress);
  await inTransaction(pool, async (client) => {
    await client.query('SELECT 1 FROM projection_checkpoints WHERE name = $1 FOR UPDATE', [projection.name]);
    const position = await catchUp(client, store, projection, 'rebuild');
    for (const table of projection.tables) {
      await client.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
      await client.query(`ALTER TABLE ${rebuildTables(table)} RENAME TO ${table}`);
      await renameIndexes(client, table);
    }
    await client.query(`UPDATE projection_checkpoints SET position = $2, version = $3, status = 'running', error = NULL, updated_at = now() WHERE name = $1`, [projection.name, position, projection.version]);
    await client.query('DELETE FROM projection_checkpoints WHERE name = $1', [rebuildCheckpoint(projection)]);
  });
  return applied;
}

/**
 * Rebuilds beside the live model, brings both to the same position while the live checkpoint is
 * locked, and returns the rows that differ (both directions) per table. Drops the rebuild after.
 */
export async function compareWithRebuild(pool: Pool, store: EventStore, projection: Projection, progress?: RebuildProgress): Promise<Record<string, number>> {
  await buildBeside(pool, store, projection, progress);
  try {
    return await inTransaction(pool, async (client) => {
      await client.query('SELECT 1 FROM projection_checkpoints WHERE name = $1 FOR UPDATE', [projection.name]);
      await catchUp(client, store, projection, 'live');
      await catchUp(client, store, projection, 'rebuild');
      const differences: Record<string, number> = {};
      for (const table of projection.tables) {
        const { rows } = await client.query<{ count: string }>(
          `SELECT count(*) FROM ((TABLE ${table} EXCEPT ALL TABLE ${rebuildTables(table)}) UNION ALL (TABLE ${rebuildTables(table)} EXCEPT ALL TABLE ${table})) AS d`,
        );
        differences[table] = Number(rows[0].count);
      }
      return differences;
    });
  } finally {
    await inTransaction(pool, async (client) => {
      for (const table of projection.tables) await client.query(`DROP TABLE IF EXISTS ${rebuildTables(table)} CASCADE`);
      await client.query('DELETE FROM projection_checkpoints WHERE name = $1', [rebuildCheckpoint(projection)]);
    });
  }
}

/** Index (and constraint) names follow the table's: `accounts__rebuild_pkey` becomes `accounts_pkey`. */
async function renameIndexes(client: PoolClient, table: string): Promise<void> {
  const { rows } = await client.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1`, [table]);
  for (const { indexname } of rows) {
    const renamed = indexname.replace(rebuildTables(table), table);
    if (renamed !== indexname) await client.query(`ALTER INDEX ${indexname} RENAME TO ${renamed}`);
  }
}
