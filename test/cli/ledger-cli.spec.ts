// The finance CLI against a real database: verify passes on an honest ledger and names the first
// broken link when superuser SQL changes an amount, deletes an event or swaps two; replay
// rebuilds read models to the same rows; token mints a token the API accepts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestApp, TEST_JWT_SECRET, type TestApp } from '../support/test-app';

const run = promisify(execFile);
const cli = join(__dirname, '..', '..', 'apps', 'cli', 'main.js');

async function ledger(app: TestApp, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, DATABASE_URL: app.runtime.databaseUrl, JWT_SECRET: TEST_JWT_SECRET, DATA_DIR: mkdtempSync(join(tmpdir(), 'ledger-cli-')), LOG_LEVEL: 'silent' };
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { env, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run ledger', () => {
  let app: TestApp;
  let admin: string;
  before(async () => {
    app = await startTestApp();
    admin = await app.token({ sub: 'admin-1', role: 'admin' });
    for (const id of ['alpha', 'bravo', 'charlie', 'delta']) {
      await app.request('POST', '/v1/accounts', { token: admin, body: { accountId: id, businessName: id, email: `${id}@example.com`, currency: 'GBP', taxRegion: 'GB' } });
      await app.request('POST', `/v1/accounts/${id}/subscription`, { token: admin, body: { tier: 'pro', branches: 2 } });
      await app.request('POST', `/v1/accounts/${id}/subscription/branches`, { token: admin, body: { delta: 1 } });
    }
    await app.worker.dueWork.settle();
  });
  after(async () => app?.close());

  test('token mints a token the API accepts', async () => {
    const minted = await ledger(app, 'token', '--role', 'finance');
    assert.equal(minted.code, 0, minted.stderr);
    const read = await app.request('GET', '/v1/accounts/alpha', { token: minted.stdout.trim() });
    assert.equal(read.status, 200);
    assert.equal((await ledger(app, 'token', '--role', 'owner')).code, 2);
  });

  test('verify passes on an untouched ledger and shows progress', async () => {
    const result = await ledger(app, 'verify');
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /verify: OK/);
    assert.match(result.stderr, /verify hash chains/);
  });

  test('replay rebuilds every read model to the same rows', async () => {
    const before = (await app.runtime.pool.query('SELECT account_id, view FROM accounts ORDER BY account_id')).rows;
    const result = await ledger(app, 'replay');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /replay accounts/);
    const afterReplay = (await app.runtime.pool.query('SELECT account_id, view FROM accounts ORDER BY account_id')).rows;
    assert.deepEqual(afterReplay, before);
  });

  test('export writes the journal as CSV and as JSON lines, and refuses bad dates', async () => {
    const csv = await ledger(app, 'export', '--from', '2026-01-01', '--to', '2027-01-01');
    assert.equal(csv.code, 0, csv.stderr);
    const rows = csv.stdout.trim().split('\n');
    assert.match(rows[0], /^entry_id,event_id,position,occurred_at,kind,account_id,currency,ledger_account,debit,credit,description$/);
    assert.ok(rows.some((row) => row.includes(',alpha,GBP,Receivable,')), `a Receivable line of alpha in:\n${rows.slice(0, 4).join('\n')}`);
    const jsonl = await ledger(app, 'export', '--from', '2026-01-01', '--to', '2027-01-01', '--format', 'jsonl');
    const entries = jsonl.stdout.trim().split('\n').map((line) => JSON.parse(line) as { lines: Array<{ debit: number; credit: number }> });
    assert.equal(entries.length, 4, 'one invoice-issued entry per subscribed account');
    for (const entry of entries) assert.equal(entry.lines.reduce((sum, l) => sum + l.debit - l.credit, 0), 0, 'each entry balances');
    assert.equal((await ledger(app, 'export', '--from', '2027-01-01', '--to', '2026-01-01')).code, 2);
  });

  test('verify finds a journal line changed behind its back', async () => {
    await app.runtime.pool.query(`UPDATE journal_lines SET debit = debit + 1 WHERE line_no = 1 AND entry_id = (SELECT min(entry_id) FROM journal_lines WHERE debit > 0)`);
    const result = await ledger(app, 'verify');
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /read-model: journal: table journal_lines has \d+ row\(s\) that differ/);
    assert.match(result.stdout, /ledger: journal entry .* does not balance/);
    const replayed = await ledger(app, 'replay', '--projection', 'journal');
    assert.equal(replayed.code, 0, replayed.stderr);
    assert.equal((await ledger(app, 'verify')).code, 0, 'a replay repairs a tampered read model');
  });

  test('verify finds a changed amount, a deleted event and a swapped pair, and exits non-zero', async () => {
    const sql = app.runtime.pool;
    await sql.query('ALTER TABLE events DISABLE TRIGGER USER');
    try {
      await sql.query(`UPDATE events SET data = jsonb_set(data, '{branches}', '9') WHERE stream_id = 'account-alpha' AND event_type = 'Subscribed'`);
      await sql.query(`DELETE FROM events WHERE stream_id = 'account-bravo' AND stream_revision = 1`);
      await sql.query(`UPDATE events SET stream_revision = -stream_revision - 1 WHERE stream_id = 'account-charlie' AND stream_revision IN (1, 2)`);
      await sql.query(`UPDATE events SET stream_revision = CASE stream_revision WHEN -2 THEN 2 ELSE 1 END WHERE stream_id = 'account-charlie' AND stream_revision < 0`);
    } finally {
      await sql.query('ALTER TABLE events ENABLE TRIGGER USER');
    }
    const result = await ledger(app, 'verify');
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.ok(result.stdout.length > 0, result.stderr);
    assert.match(result.stdout, /account-alpha@1 .*altered/);
    assert.match(result.stdout, /account-bravo@2 .*missing or moved/);
    assert.match(result.stdout, /account-charlie@\d .*missing or moved/);
    assert.match(result.stdout, /read-model: accounts: cannot be rebuilt/);
    assert.doesNotMatch(result.stdout, /account-delta/);
  });
});
