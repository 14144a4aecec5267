import type { Pool } from 'pg';

/**
 * The relay's durable checkpoint: one row per relay name in relay_checkpoints (migration 0010).
 * It only moves forward: positions order as plain byte strings (event-store.port.ts), so a
 * second relay of the same name that lags behind cannot pull the checkpoint back and cause a
 * larger replay after the next restart.
 */
export class RelayCheckpointStore {
  constructor(private readonly pool: Pool) {}

  async load(relayName: string): Promise<string | undefined> {
    const result = await this.pool.query<{ position: string }>('SELECT position FROM relay_checkpoints WHERE relay_name = $1', [relayName]);
    return result.rows[0]?.position;
  }

  async save(relayName: string, position: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO relay_checkpoints (relay_name, position) VALUES ($1, $2)
       ON CONFLICT (relay_name) DO UPDATE SET position = EXCLUDED.position, updated_at = now()
       WHERE relay_checkpoints.position COLLATE "C" < EXCLUDED.position COLLATE "C"`,
      [relayName, position],
    );
  }
}
