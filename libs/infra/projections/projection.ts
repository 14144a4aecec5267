import type { PoolClient } from 'pg';
import type { StoredEvent } from '../../event-store/event-store.port';

/**
 * A PostgreSQL read model fed from the global event feed. The runner calls `apply` with batches
 * inside a transaction that also moves the checkpoint. Tables are named through `table()` so that
 * a rebuild can fill a second set beside the live one and swap them (blue/green).
 */
export interface Projection {
  readonly name: string;
  /** Bump when tables or evolve change: the runner then rebuilds the model from the first event. */
  readonly version: number;
  /** Base names of the tables this projection owns. */
  readonly tables: readonly string[];
  /** DDL creating the tables (and indexes) under the names `table` gives. */
  createTables(table: TableNamer): string;
  /** Applies a batch. Throws on an event it cannot apply: the runner stops; it never skips. */
  apply(client: PoolClient, events: readonly StoredEvent[], table: TableNamer): Promise<void>;
}

export type TableNamer = (base: string) => string;

export const liveTables: TableNamer = (base) => base;
export const rebuildTables: TableNamer = (base) => `${base}__rebuild`;
