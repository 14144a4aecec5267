// The finance CLI against a real database: verify passes on an honest ledger and names the first
// broken link when superuser SQL changes an amount, deletes an event or swaps two, and names a
// stream whose history runs backwards; replay rebuilds read models to the same rows; token mints
// a token the API accepts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BillingCommands } from '../../libs/application/commands/billing-commands';
import { ManualClock } from '../../libs/infra/clock/clock';
import type { StoredEvent } from '../../libs/event-store/event-store.port';
import { runLedgerCli } from '../support/ledger-cli';
import { startTestApp, type TestApp } from '../support/test-app';

const ledger = (app: TestApp, ...args: string[]) => runLedgerCli(app.runtime.databaseUrl, ...args);

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

  test('verify names a stream whose occurredAt runs backwards, though its hash chain holds', async () => {
    const future = new BillingCommands(app.runtime.store, new ManualClock('2027-01-10T09:00:00.000Z'));
    await future.execute('echo', { type: 'OpenAccount', accountId: 'echo', businessName: 'Echo', email: 'echo@example.com', currency: 'GBP', taxRegion: 'GB' }, { actor: 'admin-1' });
    const last = (await app.runtime.store.readStream('account-echo')).at(-1) as StoredEvent;
    // What the old bug wrote: a later event stamped a year earlier, through the store like any append.
    await app.runtime.store.append('account-echo', [{
      id: '018f0000-0000-7000-8000-0000000000ec', type: 'ProductCountReported', data: { count: 2, reportedAt: '2027-01-10T09:00:00.000Z' },
      metadata: { correlationId: 'c', causationId: 'c', actor: 'admin-1', command: 'ReportProductCount', occurredAt: '2026-06-01T09:00:00.000Z' },
    }], { expectedRevision: last.revision });
    await app.worker.dueWork.settle();
    const result = await ledger(app, 'verify');
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /FINDING time-order: account-echo@1 \(event [^)]+\): occurredAt 2026-06-01T09:00:00.000Z is earlier than 2027-01-10T09:00:00.000Z at revision 0/);
    assert.doesNotMatch(result.stdout, /hash-chain: .*account-echo/, 'the chain itself is sound');
    assert.match(result.stdout, /verify: 1 finding\(s\)/);
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
