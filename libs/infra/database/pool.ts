import { Client, Pool, type PoolConfig } from 'pg';

/**
 * The one way the service opens PostgreSQL connections. A long open transaction stalls every
 * feed reader (they read only below the oldest running transaction), so idle transactions are
 * cut off; statements get a ceiling so that nothing hangs forever during an outage.
 */
export function createPool(connectionString: string, overrides: PoolConfig = {}): Pool {
  const pool = new Pool({
    connectionString,
    max: 20,
    connectionTimeoutMillis: 5_000,
    idle_in_transaction_session_timeout: 30_000,
    statement_timeout: 60_000,
    application_name: 'billing-ledger',
    ...overrides,
  });
  // An idle client that loses its server (restart, outage) emits here; the pool drops it and
  // the next query opens a new connection. Without a listener the process would crash.
  pool.on('error', () => undefined);
  // pg-pool listens for errors only on idle clients. A checked-out client (a transaction, the
  // migration lock) that loses its server between two statements would emit 'error' with no
  // listener, and that kills the process. The error still fails the client's next query, and
  // the pool drops the client when it is released.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** One short-lived connection for a piece of work (tests, benchmarks, CLI checks), always closed. */
export async function withClient<T>(connectionString: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
