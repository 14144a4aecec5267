// `npm run ledger -- demo` against a real database: it fills an empty ledger with a history that
// verify accepts (hash chains, read models, ledger invariants), whose events never run backwards
// in time within a stream, shows progress, and refuses a ledger that already holds accounts.
// While it writes, a running service's time-driven work waits (history-writer-lock.ts).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { acquireHistoryWriterLock, unlessWritingHistory } from '../../libs/infra/database/history-writer-lock';
import { TEST_JWT_SECRET } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const run = promisify(execFile);
const cli = join(__dirname, '..', '..', 'apps', 'cli', 'main.js');

async function ledger(url: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, DATABASE_URL: url, JWT_SECRET: TEST_JWT_SECRET, DATA_DIR: mkdtempSync(join(tmpdir(), 'ledger-demo-')), LOG_LEVEL: 'silent' };
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { env, timeout: 300_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run ledger -- demo', () => {
  let db: TestDatabase;
  let pool: Pool;
  before(async () => {
    db = await createTestDatabase('demo');
    pool = new Pool({ connectionString: db.url, max: 4 });
  });
  after(async () => {
    await pool?.end();
    await db?.drop();
  });

  test('fills an empty ledger with a valid history, then refuses to run again', async () => {
    const filled = await ledger(db.url, 'demo', '--accounts', '12', '--months', '3', '--seed', '11');
    assert.equal(filled.code, 0, filled.stderr);
    assert.match(filled.stderr, /demo: 12 vendors over 3 months/);
    assert.match(filled.stdout, /demo: 12 accounts, \d+ commands from \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}/);

    const accounts = await pool.query<{ count: string }>('SELECT count(*) FROM accounts');
    assert.equal(Number(accounts.rows[0].count), 12);
    const invoices = await pool.query<{ count: string }>('SELECT count(*) FROM invoices');
    assert.ok(Number(invoices.rows[0].count) >= 12, 'every subscription issued at least one invoice');
    const backwards = await pool.query<{ count: string }>(
      `SELECT count(*) FROM (SELECT (metadata->>'occurredAt')::timestamptz AS t,
         lag((metadata->>'occurredAt')::timestamptz) OVER (PARTITION BY stream_id ORDER BY stream_revision) AS p FROM events) x WHERE t < p`,
    );
    assert.equal(Number(backwards.rows[0].count), 0, 'no stream runs backwards in time');
    const latest = await pool.query<{ t: Date }>(`SELECT max((metadata->>'occurredAt')::timestamptz) AS t FROM events`);
    assert.ok(latest.rows[0].t.getTime() <= Date.now(), 'the history ends now, not in the future');

    const verified = await ledger(db.url, 'verify');
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
    assert.match(verified.stdout, /verify: OK/);

    const again = await ledger(db.url, 'demo', '--accounts', '2');
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already holds accounts; the demo fills an empty ledger only/);
  });

  test('bad arguments are a usage error', async () => {
    const bad = await ledger(db.url, 'demo', '--accounts', 'many');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--accounts must be a whole number/);
  });

  test('time-driven work skips its round while a history writer holds the lock', async () => {
    const writer = await acquireHistoryWriterLock(pool);
    assert.ok(writer);
    assert.equal(await acquireHistoryWriterLock(pool), undefined, 'a second writer is refused');
    assert.equal(await unlessWritingHistory(pool, async () => 'ran'), undefined);
    await writer.release();
    assert.equal(await unlessWritingHistory(pool, async () => 'ran'), 'ran');
  });
});
