import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Pool, PoolClient } from 'pg';
import type { EventStore, StoredEvent, Subscription } from '../../event-store/event-store.port';
import { isDatabaseUnavailable } from '../database/database-errors';
import { liveTables, type Projection, type TableNamer } from './projection';

/**
 * Runs projections: one catch-up subscription each, batches applied in a transaction that locks
 * and moves the projection's checkpoint row. The row lock makes a second runner of the same
 * projection (two workers) or a rebuild's swap wait their turn, and events at or before the stored
 * checkpoint are dropped from a batch, so each event takes effect once whoever delivers it.
 */
export const PROJECTION_BATCH_SIZE = 500;

export class ProjectionRunner {
  private readonly subscriptions = new Map<string, Subscription>();
  private stopped = false;

  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore,
    private readonly projections: readonly Projection[],
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    for (const projection of this.projections) this.follow(projection, await prepare(this.pool, projection));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.subscriptions.values()].map((s) => s.stop()));
    this.subscriptions.clear();
  }

  /**
   * Subscribes from `after`. If the database goes away, waits and resumes from the checkpoint it
   * stored (nothing is lost or applied twice); any other error stops the projection for good.
   */
  private follow(projection: Projection, after: string | undefined, outageMs = 0): void {
    const subscription = this.store.subscribe(after, (events) => this.applyLive(projection, events), { batchSize: PROJECTION_BATCH_SIZE });
    this.subscriptions.set(projection.name, subscription);
    subscription.done.then(
      () => undefined,
      async (error: unknown) => {
        if (this.stopped) return;
        if (!isDatabaseUnavailable(error)) return this.fail(projection, error);
        const pauseMs = Math.min(Math.max(outageMs * 2, 100), 5_000);
        this.logger.warn({ projection: projection.name, pauseMs, err: error }, 'database unavailable; projection will resume from its checkpoint');
        await sleep(pauseMs);
        if (this.stopped) return;
        const checkpoint = await this.pool.query<{ position: string | null }>('SELECT position FROM projection_checkpoints WHERE name = $1', [projection.name]).then(
          (result) => ({ position: result.rows[0]?.position ?? undefined }),
          () => undefined,
        );
        this.follow(projection, checkpoint ? checkpoint.position : after, pauseMs);
      },
    );
  }

  private async applyLive(projection: Projection, events: readonly StoredEvent[]): Promise<void> {
    await inTransaction(this.pool, (client) => applyBatch(client, projection, events, liveTables, projection.name));
  }

  private async fail(projection: Projection, error: unknown): Promise<void> {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    this.logger.error({ projection: projection.name, err: error }, 'projection stopped: it met an event it cannot apply');
    await this.pool
      .query(`UPDATE projection_checkpoints SET status = 'failed', error = $2, updated_at = now() WHERE name = $1`, [projection.name, message])
      .catch(() => undefined);
  }
}

/** Creates the tables and checkpoint row; a version change starts the model over. */
async function prepare(pool: Pool, projection: Projection): Promise<string | undefined> {
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`projection:${projection.name}`]);
    const { rows } = await client.query<{ version: number; position: string | null }>('SELECT version, position FROM projection_checkpoints WHERE name = $1', [projection.name]);
    if (rows[0] && rows[0].version !== projection.version) {
      for (const table of projection.tables) await client.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
    }
    await client.query(projection.createTables(liveTables));
    await client.query(
      `INSERT INTO projection_checkpoints (name, version, position) VALUES ($1, $2, NULL)
       ON CONFLICT (name) DO UPDATE SET version = EXCLUDED.version, status = 'running', error = NULL,
         position = CASE WHEN projection_checkpoints.version = EXCLUDED.version THEN projection_checkpoints.position END`,
      [projection.name, projection.version],
    );
    const after = await client.query<{ position: string | null }>('SELECT position FROM projection_checkpoints WHERE name = $1', [projection.name]);
    return after.rows[0].position ?? undefined;
  });
}

/**
 * Applies the part of a batch past the checkpoint stored under `checkpointName`, then moves that
 * checkpoint, in the caller's transaction.
 */
export async function applyBatch(client: PoolClient, projection: Projection, events: readonly StoredEvent[], table: TableNamer, checkpointName: string): Promise<void> {
  const { rows } = await client.query<{ position: string | null }>('SELECT position FROM projection_checkpoints WHERE name = $1 FOR UPDATE', [checkpointName]);
  const stored = rows[0]?.position ?? '';
  const fresh = events.filter((event) => event.position > stored);
  if (fresh.length === 0) return;
  await projection.apply(client, fresh, table);
  await client.query('UPDATE projection_checkpoints SET position = $2, updated_at = now() WHERE name = $1', [checkpointName, fresh[fresh.length - 1].position]);
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
