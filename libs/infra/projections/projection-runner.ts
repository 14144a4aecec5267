import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Pool } from 'pg';
import type { EventStore, StoredEvent, Subscription } from '../../event-store/event-store.port';
import { isDatabaseUnavailable } from '../database/database-errors';
import { liveTables, type Projection } from './projection';
import { applyToTargets, describeError, inTransaction, lowestPosition, type BatchTarget, type TargetFailure } from './projection-batch';

export { inTransaction } from './projection-batch';

/**
 * Runs the read models from one catch-up subscription: the feed is read and parsed once, from the
 * lowest checkpoint, and every batch is handed to every read model, each in a transaction of its
 * own that locks and moves that model's checkpoint row (projection-batch.ts). The row lock makes a
 * second worker or a rebuild's swap wait its turn, and a model ahead of the batch skips it, so
 * each event takes effect once per model whoever delivers it. A model that throws on an event is
 * rolled back to its savepoint, marked failed and left behind; the others go on.
 */
export const PROJECTION_BATCH_SIZE = 2_000;

const liveTarget = (projection: Projection): BatchTarget => ({ projection, tables: liveTables, checkpoint: projection.name });

export class ProjectionRunner {
  private subscription: Subscription | undefined;
  private active: BatchTarget[] = [];
  private stopped = false;

  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore,
    private readonly projections: readonly Projection[],
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const positions: Array<string | undefined> = [];
    for (const projection of this.projections) positions.push(await prepare(this.pool, projection));
    this.active = this.projections.map(liveTarget);
    if (this.active.length > 0) this.follow(lowestPosition(positions));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  /**
   * Subscribes from `after`. If the batch fails as a whole (the database went away, or an error no
   * single read model can be blamed for), waits and resumes from the lowest checkpoint stored:
   * nothing is lost or applied twice.
   */
  private follow(after: string | undefined, outageMs = 0): void {
    const subscription = this.store.subscribe(after, (events) => this.applyLive(events), { batchSize: PROJECTION_BATCH_SIZE });
    this.subscription = subscription;
    subscription.done.then(
      () => undefined,
      async (error: unknown) => {
        if (this.stopped || this.active.length === 0) return;
        const pauseMs = Math.min(Math.max(outageMs * 2, 100), 5_000);
        const names = this.active.map((target) => target.checkpoint);
        if (isDatabaseUnavailable(error)) this.logger.warn({ projections: names, pauseMs, err: error }, 'database unavailable; read models will resume from their checkpoints');
        else this.logger.error({ projections: names, pauseMs, err: error }, 'a projection batch failed; read models will resume from their checkpoints');
        await sleep(pauseMs);
        if (this.stopped) return;
        const resumeAt = await this.pool.query<{ position: string | null }>('SELECT position FROM projection_checkpoints WHERE name = ANY($1)', [names]).then(
          (result) => ({ position: result.rows.length === names.length ? lowestPosition(result.rows.map((row) => row.position ?? undefined)) : undefined }),
          () => ({ position: after }),
        );
        this.follow(resumeAt.position, pauseMs);
      },
    );
  }

  /**
   * Each read model applies the batch in a transaction of its own, all at once on separate
   * connections: the database works on one model's statements while Node computes another's
   * rows, instead of each waiting on the other over one connection. A model's transaction locks
   * only its own checkpoint row, before it touches its tables, so it cannot deadlock with a
   * rebuild's swap or another worker; and since each model skips what its checkpoint has seen,
   * models that committed while another's transaction failed do not apply the batch twice.
   */
  private async applyLive(events: readonly StoredEvent[]): Promise<void> {
    const targets = this.active;
    if (targets.length === 0) return;
    const outcomes = await Promise.allSettled(targets.map((target) => this.applyTo(target, events)));
    const failures = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? outcome.value : []));
    for (const { target, error } of failures) {
      this.logger.error({ projection: target.projection.name, err: error }, 'projection stopped: it met an event it cannot apply');
    }
    if (failures.length > 0) {
      this.active = this.active.filter((target) => !failures.some((failure) => failure.target === target));
      // Not awaited: stopping waits for the batch in hand, which is this one.
      if (this.active.length === 0) void this.subscription?.stop();
    }
    // A transaction that failed as a whole fails the batch: the subscription resumes from the
    // lowest checkpoint, and the models that did commit skip what they have.
    const rejected = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (rejected) throw rejected.reason;
  }

  private applyTo(target: BatchTarget, events: readonly StoredEvent[]): Promise<TargetFailure[]> {
    return inTransaction(this.pool, async (client) => {
      const failed = await applyToTargets(client, [target], events);
      for (const failure of failed) {
        await client.query(`UPDATE projection_checkpoints SET status = 'failed', error = $2, updated_at = now() WHERE name = $1`, [target.checkpoint, describeError(failure.error)]);
      }
      return failed;
    });
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
