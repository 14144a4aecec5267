// The preview over real HTTP: it shows what the command then issues, line for line, due work
// included; it refuses what the command refuses with the same answer; it writes nothing (no event,
// no idempotency record, no number); and the upcoming invoice is the renewal the period start
// then issues, or 404 NO_UPCOMING_INVOICE when none is coming.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiClient, ok, type ApiClient } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { answerOf, documentsIssuedAfter, refusalOf, runCommand, runPreview, streamRevision, type Action } from '../support/preview-support';

describe('preview over HTTP', () => {
  let app: TestApp;
  /** Typed clients (test/support/api-client.ts): every answer is checked against the document. */
  let admin: ApiClient;
  let finance: ApiClient;
  let adminToken: string;

  const open = async (accountId: string, currency = 'GBP', taxRegion = 'GB') => {
    ok(await admin.POST('/v1/accounts', { body: { accountId, businessName: `Shop ${accountId}`, email: `${accountId}@example.com`, currency, taxRegion } }));
  };
  const moveClock = async (now: string) => {
    ok(await admin.POST('/v1/admin/clock', { body: { now } }));
  };
  const upcomingOf = async (accountId: string) => answerOf(await finance.GET('/v1/accounts/{id}/upcoming-invoice', { params: { path: { id: accountId } } }));
  const counts = async () => {
    const { rows } = await app.runtime.pool.query(`SELECT (SELECT count(*) FROM events)::int AS events, (SELECT count(*) FROM idempotency_keys)::int AS keys`);
    return rows[0] as { events: number; keys: number };
  };

  /** Previews `action`, runs it, and asserts the documents issued are the previewed ones. */
  const previewThenRun = async (accountId: string, action: Action, body?: Record<string, unknown>) => {
    const revision = await streamRevision(app, accountId);
    const preview = await runPreview(finance, accountId, action, body);
    assert.equal(preview.status, 200, JSON.stringify(preview.body));
    const command = await runCommand(admin, accountId, action, body);
    assert.ok([200, 201].includes(command.status), JSON.stringify(command.body));
    const issued = await documentsIssuedAfter(app, finance, accountId, revision, command.body.position);
    assert.deepEqual(preview.body.documents, issued);
    const account = ok(await finance.GET('/v1/accounts/{id}', { params: { path: { id: accountId }, query: { after: command.body.position } } }));
    assert.deepEqual(preview.body.pendingItems.map(withoutItemId), account.pendingItems.map(withoutItemId));
    return { preview: preview.body, issued };
  };

  /** Finance records a payment of every open invoice in full (no payment method: no collector). */
  const payOpenInvoices = async (accountId: string) => {
    await app.worker.dueWork.settle();
    const account = ok(await finance.GET('/v1/accounts/{id}', { params: { path: { id: accountId } } }));
    for (const invoice of account.openInvoices) {
      ok(await finance.POST('/v1/accounts/{id}/payments', { params: { path: { id: accountId } }, body: { invoiceId: invoice.invoiceId, amount: invoice.amountRemaining, reference: `bank-${invoice.invoiceId}` } }));
    }
  };

  before(async () => {
    app = await startTestApp({}, '2026-03-01T09:00:00.000Z');
    adminToken = await app.token({ sub: 'admin', role: 'admin' });
    admin = apiClient(app.url, adminToken);
    finance = apiClient(app.url, await app.token({ sub: 'finance', role: 'finance' }));
  });
  after(async () => app?.close());

  test('the worked example: an upgrade on 17 Mar previews −48p and +145p, 97p plus 19p tax, and the command issues exactly that', async () => {
    await open('worked');
    const subscribed = await previewThenRun('worked', 'subscribe', { tier: 'starter', branches: 1 });
    assert.deepEqual(subscribed.preview.documents.map((d: { total: { amount: number } }) => d.total.amount), [120]);
    await moveClock('2026-03-17T09:00:00.000Z');

    const { preview } = await previewThenRun('worked', 'changeTier', { tier: 'pro' });

    const [invoice] = preview.documents;
    assert.equal(preview.documents.length, 1);
    assert.deepEqual(invoice.lines.map((line: { amount: { amount: number } }) => line.amount.amount), [-48, 145]);
    assert.deepEqual([invoice.subtotal.amount, invoice.tax.amount, invoice.total.amount, invoice.invoiceId, invoice.id, invoice.number], [97, 19, 116, null, null, null]);
    assert.equal(preview.account.tier, 'pro');
  });

  test('a preview runs the work due before the command, as the command does: a renewal not yet run shows up before the upgrade', async () => {
    await open('due-first');
    const { issued: [first] } = await previewThenRun('due-first', 'subscribe', { tier: 'starter', branches: 2 });
    await payOpenInvoices('due-first');
    // The clock moves past the period's end without running due work: the renewal waits for the
    // next command, which runs it first.
    app.clock.advanceTo(new Date(`${first.period.end}T12:00:00.000Z`));

    const { preview } = await previewThenRun('due-first', 'changeTier', { tier: 'enterprise' });

    assert.deepEqual(preview.documents.map((d: { reason: string }) => d.reason), ['renewal', 'upgrade']);
    assert.equal(preview.documents[0].period.start, first.period.end);
  });

  test('branch changes and a downgrade leave pending lines, previewed as the account will hold them', async () => {
    await open('pending');
    await previewThenRun('pending', 'subscribe', { tier: 'pro', branches: 1 });
    const added = await previewThenRun('pending', 'changeBranches', { delta: 2 });
    assert.deepEqual(added.preview.documents, []);
    assert.equal(added.preview.pendingItems.length, 1);
    assert.equal(added.preview.pendingItems[0].itemId, null, 'an item the preview made up has no id');
    const netted = await previewThenRun('pending', 'changeBranches', { delta: -1 });
    assert.equal(netted.preview.pendingItems[0].quantity, 1);
    assert.notEqual(netted.preview.pendingItems[0].itemId, null, 'an item that exists keeps its id');
    await previewThenRun('pending', 'changeTier', { tier: 'starter' });
  });

  test('a preview writes nothing: no event, no idempotency record under its key, no number drawn', async () => {
    await open('writes-nothing');
    await runCommand(admin, 'writes-nothing', 'subscribe', { tier: 'starter', branches: 1 });
    await app.worker.dueWork.settle();
    const series = async () => (await app.runtime.pool.query('SELECT kind, last_number FROM invoice_number_series ORDER BY kind')).rows;
    const [before, numbersBefore] = [await counts(), await series()];
    const headers = { 'idempotency-key': 'preview-then-command' };

    const first = await runPreview(admin, 'writes-nothing', 'changeTier', { tier: 'pro' }, headers);
    const second = await runPreview(admin, 'writes-nothing', 'changeBranches', { delta: 3 }, headers);

    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(second.status, 200, 'the same key with another body is no IDEMPOTENCY_KEY_REUSED: nothing was kept');
    assert.equal(second.headers.get('idempotent-replayed'), null);
    await app.worker.dueWork.settle();
    assert.deepEqual(await counts(), before);
    assert.deepEqual(await series(), numbersBefore);
    const command = await runCommand(admin, 'writes-nothing', 'changeTier', { tier: 'pro' }, headers);
    assert.equal(command.status, 200, 'the key is still free for the command');
    assert.equal(command.headers.get('idempotent-replayed'), null);
  });

  test('refusals are the command’s own: the same status, code and field errors', async () => {
    await open('refusals');
    await runCommand(admin, 'refusals', 'subscribe', { tier: 'pro', branches: 1 });
    await runCommand(admin, 'refusals', 'reportProductCount', { count: 50 });
    const cases: Array<[string, Action, Record<string, unknown> | undefined, number]> = [
      ['refusals', 'changeTier', { tier: 'pro' }, 422],
      ['refusals', 'changeTier', { tier: 'starter' }, 422],
      ['refusals', 'subscribe', { tier: 'pro', branches: 1 }, 422],
      ['refusals', 'subscribe', { tier: 'gold', branches: 1 }, 400],
      ['refusals', 'changeBranches', { delta: 0 }, 400],
      ['refusals', 'changeBranches', { delta: -1 }, 422],
      ['refusals', 'changeBranches', { delta: '2' }, 400],
      ['refusals', 'reportProductCount', { count: -1 }, 400],
      ['refusals', 'reportProductCount', { count: 3, extra: true }, 400],
      ['refusals', 'resume', undefined, 422],
      ['nobody-here', 'cancel', undefined, 404],
    ];
    for (const [accountId, action, body, status] of cases) {
      const before = await counts();
      const preview = refusalOf(await runPreview(admin, accountId, action, body));
      const command = refusalOf(await runCommand(admin, accountId, action, body));
      assert.equal(command.status, status, `${action} ${JSON.stringify(body)}: the command answered ${JSON.stringify(command)}`);
      assert.deepEqual(preview, command, `${action} ${JSON.stringify(body)}`);
      assert.deepEqual(await counts(), before);
    }
  });

  test('an action that is not one of the seven is 400 naming the field action and what it accepts', async () => {
    for (const body of [{ action: 'refund' }, {}, { tier: 'pro' }]) {
      // Bodies no typed client would build: sent raw, the answer still checked against the document.
      const answer = await app.request('POST', '/v1/accounts/refusals/preview', { token: adminToken, body });
      assert.equal(answer.status, 400);
      assert.equal(answer.body.code, 'VALIDATION_FAILED');
      assert.equal(answer.body.errors[0].field, 'action');
      assert.match(answer.body.errors[0].message, /subscribe, changeTier, changeBranches, reportProductCount, hibernate, resume, cancel/);
    }
  });

  test('the upcoming invoice is the renewal the next period start issues, with pending lines and credit', async () => {
    ok(await admin.PUT('/v1/admin/exchange-rates/{currency}', { params: { path: { currency: 'EUR' } }, body: { rate: '1.17' } }));
    await open('upcoming', 'EUR', 'IE');
    assert.equal((await upcomingOf('upcoming')).body.code, 'NO_UPCOMING_INVOICE');
    await runCommand(admin, 'upcoming', 'subscribe', { tier: 'pro', branches: 1 });
    await payOpenInvoices('upcoming');
    await runCommand(admin, 'upcoming', 'changeBranches', { delta: 2 });
    await runCommand(admin, 'upcoming', 'hibernate');

    const upcoming = await upcomingOf('upcoming');
    assert.equal(upcoming.status, 200, JSON.stringify(upcoming.body));
    assert.deepEqual(upcoming.body.lines.map((line: { kind: string }) => line.kind), ['hibernation', 'branches']);
    const revision = await streamRevision(app, 'upcoming');
    await moveClock(`${upcoming.body.period.start}T00:00:00.000Z`);
    const issued = await documentsIssuedAfter(app, finance, 'upcoming', revision, (await app.runtime.store.headPosition()) as string);
    assert.deepEqual(issued, [upcoming.body]);
  });

  test('no upcoming invoice for an account cancelling, never subscribed or unknown', async () => {
    await open('leaving');
    await runCommand(admin, 'leaving', 'subscribe', { tier: 'starter', branches: 1 });
    await payOpenInvoices('leaving');
    assert.equal((await upcomingOf('leaving')).status, 200);
    await runCommand(admin, 'leaving', 'cancel');

    const cancelling = await upcomingOf('leaving');
    assert.equal(cancelling.status, 404);
    assert.equal(cancelling.body.code, 'NO_UPCOMING_INVOICE');
    assert.match(cancelling.body.detail, /cancelling/);
    await open('never');
    assert.match((await upcomingOf('never')).body.detail, /not subscribed/);
    assert.equal((await upcomingOf('ghost')).body.code, 'ACCOUNT_NOT_FOUND');
  });

  test('an account that will be suspended for an unpaid invoice before its period ends has no upcoming renewal, and indeed gets none', async () => {
    await open('unpaid');
    const subscribed = await runCommand(admin, 'unpaid', 'subscribe', { tier: 'starter', branches: 1 });
    const periodEnd = subscribed.body.account.period.end;

    const upcoming = await upcomingOf('unpaid');

    assert.equal(upcoming.status, 404);
    assert.match(upcoming.body.detail, /will be suspended at .* unless its open invoices are paid/);
    const revision = await streamRevision(app, 'unpaid');
    await moveClock(`${periodEnd}T00:00:00.000Z`);
    assert.deepEqual(await documentsIssuedAfter(app, finance, 'unpaid', revision, (await app.runtime.store.headPosition()) as string), []);
    assert.equal(ok(await finance.GET('/v1/accounts/{id}', { params: { path: { id: 'unpaid' } } })).status, 'suspended');
  });
});

function withoutItemId<T extends { itemId: unknown }>(item: T): Omit<T, 'itemId'> {
  const { itemId: _itemId, ...rest } = item;
  return rest;
}
