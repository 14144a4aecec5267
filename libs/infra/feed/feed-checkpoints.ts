import type { Pool } from 'pg';

/**
 * The durable checkpoint of everything that follows the feed to do something outside (the Kafka
 * relay, webhook fan-out, email): one row per follower name in feed_checkpoints (migration 0040).
 * It only moves forward: positions order as plain byte strings (event-store.port.ts), so a second
 * follower of the same name that lags behind cannot pull the checkpoint back and cause a larger
 * replay after the next restart.
 *
 * Read models keep theirs in projection_checkpoints instead, because the manual clock waits for
 * every row there: a follower waiting on a dead SMTP server must never hold up the clock.
 */
export class FeedCheckpoints {
  constructor(private readonly pool: Pool) {}

  async load(name: string): Promise<string | undefined> {
    const result = await this.pool.query<{ position: string }>('SELECT position FROM feed_checkpoints WHERE name = $1', [name]);
    return result.rows[0]?.position;
  }

  async save(name: string, position: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO feed_checkpoints (name, position) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = now()
       WHERE feed_checkpoints.position COLLATE "C" < EXCLUDED.position COLLATE "C"`,
      [name, position],
    );
  }

  /** Writes `position` only if the follower has no checkpoint yet; answers the checkpoint now stored. */
  async initialise(name: string, position: string): Promise<string> {
    await this.pool.query('INSERT INTO feed_checkpoints (name, position) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, position]);
    return (await this.load(name)) ?? position;
  }
}
