import { randomBytes } from 'node:crypto';
import { withClient } from '../../libs/infra/database/pool';

/**
 * A fresh database on the run's PostgreSQL server (started by run-tests, or TEST_DATABASE_URL),
 * so each suite starts empty and suites can run side by side.
 */
export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

export function serverUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the tests through `npm test` (test/support/run-tests.ts)');
  return url;
}

export async function createTestDatabase(prefix = 't'): Promise<TestDatabase> {
  const admin = serverUrl();
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await withClient(admin, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withClient(admin, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

