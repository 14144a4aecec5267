import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Pool } from 'pg';
import type { EventStore } from '../event-store/event-store.port';
import { createKurrentDbEventStore } from '../event-store/kurrentdb/kurrentdb.event-store';
import { PostgresEventStore } from '../event-store/postgres/postgres-event-store';
import { resumeManualClock, systemClock, type Clock } from './clock/clock';
import type { AppConfig } from './config/config';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded-postgres';
import { migrate } from './database/migrate';
import { createPool } from './database/pool';
import { createLogger } from './logging/logger';

/**
 * Everything the api, worker, relay and cli share, built once per process before Nest starts:
 * the database (embedded unless DATABASE_URL is set), migrations, the event store, the clock.
 */
/** Written into DATA_DIR while the embedded PostgreSQL runs. */
export const DATABASE_URL_FILE = 'database-url';

export interface Runtime {
  readonly config: AppConfig;
  readonly logger: Logger;
  readonly pool: Pool;
  readonly store: EventStore;
  readonly clock: Clock;
  /**
   * Operational time (webhook retry schedules), never billing time: the system clock even when
   * BILLING_CLOCK=manual moves the billing clock by months; tests pass a clock of their own.
   */
  readonly retryClock: Clock;
  readonly databaseUrl: string;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  readonly logger?: Logger;
  readonly clock?: Clock;
  /** Under BILLING_CLOCK=manual: where the clock starts on an empty ledger (or one behind it). */
  readonly manualClockStart?: string;
  /** Operational time for webhook retries; tests move a clock of their own. */
  readonly retryClock?: Clock;
}

export async function createRuntime(config: AppConfig, options: RuntimeOptions = {}): Promise<Runtime> {
  const logger = options.logger ?? createLogger(config.logLevel);
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    const started = Date.now();
    embedded = await startEmbeddedPostgres({
      dataDir: join(config.dataDir, 'postgres'),
      port: config.embeddedDatabasePort,
      persistent: true,
      log: (line) => logger.debug({ component: 'embedded-postgres' }, line),
    });
    databaseUrl = embedded.url;
    // The CLI finds the running service's database here instead of starting a second server.
    writeFileSync(join(config.dataDir, DATABASE_URL_FILE), `${databaseUrl}\n`, { mode: 0o600 });
    logger.info({ port: new URL(databaseUrl).port, dataDir: config.dataDir, clusterDir: embedded.clusterDir, ms: Date.now() - started }, 'embedded PostgreSQL started');
  }
  const pool = createPool(databaseUrl);
  const applied = await migrate(pool);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  const store = await createEventStore(config, pool);
  const clock = options.clock ?? (config.clock === 'manual' ? await resumeManualClock(store, options.manualClockStart) : systemClock);
  if (config.clock === 'manual') logger.info({ now: clock.now().toISOString() }, 'manual clock set (the ledger\'s latest instant, or its start on an empty ledger)');
  return {
    config,
    logger,
    pool,
    store,
    clock,
    retryClock: options.retryClock ?? systemClock,
    databaseUrl,
    close: async () => {
      await store.close();
      await pool.end();
      if (embedded) {
        rmSync(join(config.dataDir, DATABASE_URL_FILE), { force: true });
        await embedded.stop();
      }
      logger.flush?.();
    },
  };
}

async function createEventStore(config: AppConfig, pool: Pool): Promise<EventStore> {
  // Read models, checkpoints and idempotency keys stay in PostgreSQL whichever engine holds events.
  if (config.eventStore === 'kurrentdb') return createKurrentDbEventStore(config.kurrentdbUrl as string);
  return new PostgresEventStore(pool);
}
