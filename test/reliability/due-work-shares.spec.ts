// Workers with WORKER_SHARE k/n split renewal day: each renews exactly the accounts whose id
// hashes to its part, the parts together renew every account once, and a runner of the whole
// that comes after finds nothing left; a bad WORKER_SHARE or WORKER_FOLLOWS stops the start with its name.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pool } from 'pg';
import { BillingCommands } from '../../libs/application/commands/billing-commands';
import { DueWorkRunner } from '../../libs/application/due-work/due-work.runner';
import { PostgresEventStore } from '../../libs/event-store/postgres/postgres-event-store';
import { ManualClock } from '../../libs/infra/clock/clock';
import { ConfigError, loadConfig } from '../../libs/infra/config/config';
import { createPool } from '../../libs/infra/database/pool';
import { migrate } from '../../libs/infra/database/migrate';
import { createLogger } from '../../libs/infra/logging/logger';
import { ProjectionRunner } from '../../libs/infra/projections/projection-runner';
import { ALL_PROJECTIONS } from '../../projections/all-projections';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const ACCOUNTS = 40;
const START = '2026-01-01T00:00:00.000Z';
const RENEWAL = '2026-02-01T00:00:00.000Z';
const logger = createLogger('silent');

describe('due work split by WORKER_SHARE', () => {
  let db: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;
  let projections: ProjectionRunner;

  before(async () => {
    db = await createTestDatabase('shares');
    pool = createPool(db.url, { max: 10 });
    await migrate(pool);
    store = new PostgresEventStore(pool);
    projections = new ProjectionRunner(pool, store, ALL_PROJECTIONS, logger);
    await projections.start();
    const commands = new BillingCommands(store, new ManualClock(START));
    for (let i = 0; i < ACCOUNTS; i++) {
      const accountId = `share-${i}`;
      await commands.execute(accountId, { type: 'OpenAccount', accountId, businessName: accountId, email: `${accountId}@example.com`, currency: 'GBP', taxRegion: 'GB' }, { actor: 'test' });
      await commands.execute(accountId, { type: 'Subscribe', tier: 'starter', branches: 1 }, { actor: 'test' });
    }
  });
  after(async () => {
    await projections?.stop();
    await pool?.end();
    await db?.drop();
  });

  // The accounts the due-work runners wrote to (renewals, and the overdue first invoices before them).
  const renewed = async (): Promise<string[]> =>
    (await pool.query<{ id: string }>(`SELECT DISTINCT substr(stream_id, 9) AS id FROM events WHERE metadata->>'actor' = 'worker' ORDER BY 1`)).rows.map((row) => row.id);
  const inPart = async (ids: readonly string[], index: number, count: number): Promise<boolean[]> =>
    (await pool.query<{ mine: boolean }>('SELECT (hashtext(id) & 2147483647) % $2 = $3 AS mine FROM unnest($1::text[]) AS id', [ids, count, index])).rows.map((row) => row.mine);
  const runner = (share: { index: number; count: number }) => {
    const clock = new ManualClock(RENEWAL);
    return new DueWorkRunner(pool, store, new BillingCommands(store, clock), clock, logger, { share });
  };

  test('given two shares, when the first runs, then it renews its part of the accounts and no other', async () => {
    const advanced = await runner({ index: 0, count: 2 }).runDue();
    const ids = await renewed();
    assert.equal(ids.length, advanced);
    assert.ok(advanced > 0 && advanced < ACCOUNTS, `the first of two shares renewed ${advanced} of ${ACCOUNTS} accounts`);
    assert.ok((await inPart(ids, 0, 2)).every(Boolean), 'an account of the other share was renewed');
  });

  test('when the second runs, then every account is renewed exactly once, and a whole runner finds nothing left', async () => {
    const advanced = await runner({ index: 1, count: 2 }).runDue();
    assert.equal((await renewed()).length, ACCOUNTS);
    const renewals = await pool.query<{ n: string; accounts: string }>(`SELECT count(*) AS n, count(DISTINCT stream_id) AS accounts FROM events WHERE event_type = 'PeriodRenewed'`);
    assert.equal(Number(renewals.rows[0].n), Number(renewals.rows[0].accounts), 'an account renewed twice for one period');
    assert.ok(advanced > 0);
    assert.equal(await runner({ index: 0, count: 1 }).runDue(), 0);
  });

  test('WORKER_SHARE reads k/n, 1-based, and refuses anything else naming the variable', () => {
    assert.deepEqual(loadConfig({ JWT_SECRET: 'x'.repeat(32), WORKER_SHARE: '2/3' }).workerShare, { index: 1, count: 3 });
    assert.deepEqual(loadConfig({ JWT_SECRET: 'x'.repeat(32) }).workerShare, { index: 0, count: 1 });
    for (const bad of ['0/2', '3/2', '1', 'a/b', '1/0']) {
      assert.throws(() => loadConfig({ JWT_SECRET: 'x'.repeat(32), WORKER_SHARE: bad }), (error: unknown) => error instanceof ConfigError && error.variable === 'WORKER_SHARE', bad);
    }
  });

  test('WORKER_FOLLOWS names the feed followers a worker runs: all by default, some, or none', () => {
    const follows = (value?: string) => loadConfig({ JWT_SECRET: 'x'.repeat(32), ...(value === undefined ? {} : { WORKER_FOLLOWS: value }) }).workerFollows;
    assert.deepEqual(follows(), ['read-models', 'collector', 'notifications']);
    assert.deepEqual(follows('collector'), ['collector']);
    assert.deepEqual(follows('collector, notifications'), ['collector', 'notifications']);
    assert.deepEqual(follows(''), []);
    assert.throws(() => follows('read-models,relay'), (error: unknown) => error instanceof ConfigError && error.variable === 'WORKER_FOLLOWS');
  });
});
