// GET /v1/accounts stays an index read with 100 000 accounts: a search of three characters or more
// reads the trigram index rather than every row, and a page without a search walks the primary
// key in id order instead of sorting the table. Plans, not timings, are asserted; the timings are
// printed for the record.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pool } from 'pg';
import { createPool } from '../../libs/infra/database/pool';
import { migrate } from '../../libs/infra/database/migrate';
import { liveTables } from '../../libs/infra/projections/projection';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { accountsProjection } from './accounts.projection';
import { accountListQuery, type AccountFilter } from './accounts.query';

const ACCOUNTS = 100_000;

interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Index Name'?: string;
  readonly Plans?: readonly PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

describe('the account search on 100 000 accounts', () => {
  let db: TestDatabase;
  let pool: Pool;

  before(async () => {
    db = await createTestDatabase('search');
    pool = createPool(db.url);
    await migrate(pool);
    await pool.query(accountsProjection.createTables(liveTables));
    // Synthetic rows in the read model's own shape: the view holds what the search reads.
    await pool.query(`
      INSERT INTO accounts (account_id, status, tier, branches, visible, currency, credit, next_due_at, revision, state, view)
      SELECT 'shop-' || lpad(n::text, 6, '0'),
             (ARRAY['active', 'past_due', 'hibernating', 'cancelled'])[1 + n % 4],
             (ARRAY['starter', 'pro', 'enterprise'])[1 + n % 3], 1, true,
             (ARRAY['GBP', 'EUR'])[1 + n % 2], 0, NULL, 1, '{}'::jsonb,
             jsonb_build_object('accountId', 'shop-' || lpad(n::text, 6, '0'), 'businessName', 'Business ' || md5(n::text), 'email', 'owner' || n || '@example.com')
      FROM generate_series(1, ${ACCOUNTS}) AS n`);
    await pool.query('ANALYZE accounts');
  });
  after(async () => {
    await pool?.end();
    await db?.drop();
  });

  const plan = async (filter: AccountFilter, after?: string) => {
    const query = accountListQuery(filter, 21, after);
    const { rows } = await pool.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode; 'Execution Time': number }> }>({ text: `EXPLAIN (ANALYZE, FORMAT JSON) ${query.text}`, values: query.values });
    const [{ Plan, 'Execution Time': ms }] = rows[0]['QUERY PLAN'];
    return { nodes: nodes(Plan), ms };
  };

  test('a search by part of a business name or an email reads the trigram index', async () => {
    for (const filter of [{ q: 'a1b2' }, { q: 'OWNER4242@' }, { q: 'shop-0999', status: 'active' }]) {
      const { nodes: used, ms } = await plan(filter);
      const names = used.map((node) => `${node['Node Type']}${node['Index Name'] ? ` on ${node['Index Name']}` : ''}`);
      console.log(`GET /v1/accounts?${new URLSearchParams(filter as Record<string, string>)} on ${ACCOUNTS} accounts: ${names.join(' ← ')} (${ms.toFixed(2)} ms)`);
      assert.ok(used.some((node) => node['Node Type'] === 'Bitmap Index Scan' && node['Index Name'] === 'accounts_search'), names.join(', '));
      assert.ok(!used.some((node) => node['Node Type'] === 'Seq Scan'), names.join(', '));
    }
  });

  test('a page without a search walks the primary key in id order, also after a cursor', async () => {
    for (const [filter, after] of [[{}, undefined], [{ currency: 'EUR' }, 'shop-050000']] as const) {
      const { nodes: used, ms } = await plan(filter, after);
      const names = used.map((node) => `${node['Node Type']}${node['Index Name'] ? ` on ${node['Index Name']}` : ''}`);
      console.log(`GET /v1/accounts?${new URLSearchParams(filter)}${after ? `&cursor=(after ${after})` : ''} on ${ACCOUNTS} accounts: ${names.join(' ← ')} (${ms.toFixed(2)} ms)`);
      assert.ok(used.some((node) => node['Node Type'] === 'Index Scan' && node['Index Name'] === 'accounts_pkey'), names.join(', '));
      assert.ok(!used.some((node) => node['Node Type'] === 'Sort'), names.join(', '));
    }
  });
});
