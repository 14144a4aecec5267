// `?after=<position>` is accepted by every GET under /v1 (api.md, conventions), by one mechanism:
// this suite walks every GET the OpenAPI document lists and checks that sending a real position
// changes nothing but the wait, that a position the read models have not reached is answered
// with x-read-model-behind after the wait, and that the event store's own reads need no wait.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiClient, ok, type ApiClient } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';

const SHOP = 'ryw-shop';

describe('?after= on every GET', () => {
  let app: TestApp;
  let admin: string;
  let asAdmin: ApiClient;
  let position = '';
  const values = new Map<string, string>();

  before(async () => {
    app = await startTestApp();
    admin = await app.token({ sub: 'ryw-admin', role: 'admin' });
    asAdmin = apiClient(app.url, admin);
    ok(await asAdmin.POST('/v1/accounts', { body: { accountId: SHOP, businessName: 'Read Your Writes', email: 'ryw@example.com', currency: 'GBP', taxRegion: 'GB' } }));
    const subscribed = ok(await asAdmin.POST('/v1/accounts/{id}/subscription', { params: { path: { id: SHOP } }, body: { tier: 'starter', branches: 1 } }));
    const [invoice] = subscribed.account.openInvoices;
    const paid = ok(await asAdmin.POST('/v1/accounts/{id}/payments', { params: { path: { id: SHOP } }, body: { invoiceId: invoice.invoiceId, amount: { amount: 120, currency: 'GBP' }, reference: 'ryw-1' } }));
    position = paid.position;
    values.set('id', SHOP).set('invoiceId', invoice.invoiceId).set('paymentId', paid.payment.paymentId);
  });
  after(async () => app?.close());

  /** Every GET under /v1 in the served document, with its path filled and its required query from the document's examples. */
  async function documentedReads(): Promise<string[]> {
    const document = (await app.request('GET', '/docs-json')).body as { paths: Record<string, Record<string, { parameters?: Array<{ $ref?: string; name?: string; in?: string; required?: boolean; example?: string; schema?: { example?: string } }> }>> };
    return Object.entries(document.paths).flatMap(([path, operations]) => {
      if (!path.startsWith('/v1/') || !operations.get) return [];
      const query = (operations.get.parameters ?? [])
        .filter((parameter) => parameter.in === 'query' && parameter.required)
        .map((parameter) => {
          const example = parameter.example ?? parameter.schema?.example;
          assert.ok(example !== undefined, `GET ${path}: give the required query parameter ${parameter.name} an example in the document`);
          return `${parameter.name}=${encodeURIComponent(example)}`;
        });
      return [`${path.replace(/\{([^}]+)\}/g, (_, name: string) => values.get(name) ?? 'no-such-thing')}?${query.join('&')}`];
    });
  }

  test('every documented GET answers the same with a real position as without one, and says it caught up', async () => {
    const reads = await documentedReads();
    assert.ok(reads.length >= 12, `the document lists ${reads.length} GETs`);
    const differing: string[] = [];
    for (const read of reads) {
      const plain = await app.request('GET', read, { token: admin });
      const waited = await app.request('GET', `${read}&after=${position}`, { token: admin });
      const blamed = (waited.body?.errors ?? []).some((error: { field: string }) => error.field === 'after');
      if (waited.status !== plain.status || blamed || waited.status >= 500) differing.push(`${read}: ${plain.status} without, ${waited.status} with after ${JSON.stringify(waited.body).slice(0, 200)}`);
      if (waited.headers.get('x-read-model-behind') !== null) differing.push(`${read}: behind although the position was reached`);
    }
    assert.deepEqual(differing, []);
  });

  test('what a command wrote is in every read model at its position', async () => {
    const shop = { params: { path: { id: SHOP }, query: { after: position } } };
    assert.equal(ok(await asAdmin.GET('/v1/accounts/{id}', shop)).openInvoices.length, 0, 'the payment settled the invoice');
    assert.equal(ok(await asAdmin.GET('/v1/accounts/{id}/invoices', shop)).items[0].status, 'paid');
    assert.deepEqual(ok(await asAdmin.GET('/v1/accounts/{id}/payments', shop)).items.map((item) => item.reference), ['ryw-1']);
    assert.deepEqual(ok(await asAdmin.GET('/v1/accounts', { params: { query: { q: SHOP, after: position } } })).items.map((item) => item.accountId), [SHOP]);
  });

  test('a position no read model has reached is answered after the wait, marked behind; the event store needs no wait', async () => {
    const ahead = 'ffffffffffffffff-ffffffffffffffff';
    const account = await app.request('GET', `/v1/accounts/${SHOP}?after=${ahead}`, { token: admin });
    assert.equal(account.status, 200);
    assert.equal(account.headers.get('x-read-model-behind'), 'true');
    const events = await app.request('GET', `/v1/accounts/${SHOP}/events?after=${ahead}`, { token: admin });
    assert.equal(events.status, 200);
    assert.equal(events.headers.get('x-read-model-behind'), null, 'the events are read from the store itself');
  });

  test('a malformed position is a 400 that names after and says what to send', async () => {
    for (const query of ['after=1', 'after=', `after=${position}&after=${position}`]) {
      const answer = await app.request('GET', `/v1/accounts/${SHOP}?${query}`, { token: admin });
      assert.equal(answer.status, 400, query);
      assert.equal(answer.body.errors[0].field, 'after');
      assert.match(answer.body.errors[0].message, /a position returned by a command/);
    }
  });

  test('the caller is checked before the position: no token is 401 and another account is 403, whatever after says', async () => {
    const stranger = await app.token({ sub: 'ryw-stranger', role: 'vendor', accountId: 'someone-else' });
    for (const query of ['after=1', `after=${position}`]) {
      assert.equal((await app.request('GET', `/v1/accounts/${SHOP}?${query}`)).status, 401, query);
      const other = await app.request('GET', `/v1/accounts/${SHOP}/invoices?${query}`, { token: stranger });
      assert.equal(other.status, 403, query);
      assert.equal(other.body.code, 'FORBIDDEN');
    }
  });

  test('after is taken out before the query is validated, and the rest of the query still is', async () => {
    const page = await app.request('GET', `/v1/accounts/${SHOP}/invoices?limit=1&after=${position}`, { token: admin });
    assert.equal(page.status, 200);
    assert.equal(page.body.items.length, 1);
    const wrong = await app.request('GET', `/v1/accounts/${SHOP}/invoices?limit=0&after=${position}`, { token: admin });
    assert.equal(wrong.status, 400);
    assert.deepEqual(wrong.body.errors.map((error: { field: string }) => error.field), ['limit']);
  });
});
