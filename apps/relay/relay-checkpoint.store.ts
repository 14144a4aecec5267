import type { Pool } from 'pg';

/** The relay's durable checkpoint: one row per relay name in relay_checkpoints (migration 0010). */
export class RelayCheckpointStore {
  constructor(private readonly pool: Pool) {}

  async load(relayName: string): Promise<string | undefined> {
    const result = await this.pool.query<{ position: string }>('SELECT position FROM relay_checkpoints WHERE relay_name = $1', [relayName]);
    return result.rows[0]?.position;
  }

  async save(relayName: string, position: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO relay_checkpoints (relay_name, position) VALUES ($1, $2)
       ON CONFLICT (relay_name) DO UPDATE SET position = EXCLUDED.position, updated_at = now()`,
      [relayName, position],
    );
  }
}
