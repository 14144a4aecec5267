// `npm run ledger -- export` as finance reads it: amounts as decimal numbers with their currency
// (JPY has no decimals), documents by number (INV-…, CN-…), and --from and --to both whole days
// included, tested on entries at the first and last millisecond of a day. And the README's token
// example, run through a shell exactly as written, captures the token and nothing else.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runLedgerCli } from '../support/ledger-cli';
import { startTestApp, TEST_JWT_SECRET, type TestApp } from '../support/test-app';

const LAST_MS_OF_MARCH = '2026-03-31T23:59:59.999Z';
const APRIL = '2026-04-01T00:00:00.000Z';
const root = join(__dirname, '..', '..', '..');

interface Row {
  readonly entryId: string;
  readonly occurredAt: string;
  readonly kind: string;
  readonly accountId: string;
  readonly document: string;
  readonly currency: string;
  readonly ledgerAccount: string;
  readonly debit: string;
  readonly credit: string;
  readonly description: string;
}

/** The CSV rows (none of the test's fields hold a comma or a quote). */
function parseCsv(text: string): Row[] {
  const [header, ...lines] = text.trim().split('\n');
  assert.equal(header, 'entry_id,occurred_at,kind,account_id,document,currency,ledger_account,debit,credit,description,event_id,position');
  return lines.map((line) => {
    const [entryId, occurredAt, kind, accountId, document, currency, ledgerAccount, debit, credit, description] = line.split(',');
    return { entryId, occurredAt, kind, accountId, document, currency, ledgerAccount, debit, credit, description };
  });
}

describe('npm run ledger -- export', () => {
  let app: TestApp;
  let admin: string;
  let finance: string;
  const exported = async (from: string, to: string): Promise<Row[]> => {
    const result = await runLedgerCli(app.runtime.databaseUrl, 'export', '--from', from, '--to', to);
    assert.equal(result.code, 0, result.stderr);
    return parseCsv(result.stdout);
  };

  before(async () => {
    app = await startTestApp({}, '2026-03-01T00:00:00.000Z');
    admin = await app.token({ sub: 'admin-1', role: 'admin' });
    finance = await app.token({ sub: 'fin-1', role: 'finance' });
    assert.equal((await app.request('PUT', '/v1/admin/exchange-rates/JPY', { token: finance, body: { rate: '190' } })).status, 200);
    for (const [accountId, currency] of [['pound', 'GBP'], ['yen', 'JPY']]) {
      const body = { accountId, businessName: accountId, email: `${accountId}@example.com`, currency, taxRegion: 'GB' };
      assert.equal((await app.request('POST', '/v1/accounts', { token: admin, body })).status, 201);
      assert.equal((await app.request('PUT', `/v1/accounts/${accountId}/payment-method`, { token: admin, body: { gateway: 'sandbox', token: 'tok_ok' } })).status, 200);
      assert.equal((await app.request('POST', `/v1/accounts/${accountId}/subscription`, { token: admin, body: { tier: 'starter', branches: 1 } })).status, 201);
    }
    // The last millisecond of March: an upgrade invoice and a refund (a credit note) for pound.
    assert.equal((await app.request('POST', '/v1/admin/clock', { token: admin, body: { now: LAST_MS_OF_MARCH } })).status, 200);
    const upgraded = await app.request('POST', '/v1/accounts/pound/subscription/tier', { token: admin, body: { tier: 'pro' } });
    assert.equal(upgraded.status, 200, JSON.stringify(upgraded.body));
    const payment = (await app.runtime.store.readStream('account-pound')).find((event) => event.type === 'PaymentRecorded');
    const refund = await app.request('POST', `/v1/payments/${String(payment?.data.paymentId)}/refunds`, { token: finance, body: { amount: { amount: 20, currency: 'GBP' }, reason: 'goodwill' } });
    assert.equal(refund.status, 201, JSON.stringify(refund.body));
    // The first millisecond of April: both renewals.
    assert.equal((await app.request('POST', '/v1/admin/clock', { token: admin, body: { now: APRIL } })).status, 200);
  });
  after(async () => app?.close());

  test('amounts are decimal numbers in their currency, and documents go by their numbers', async () => {
    const rows = await exported('2026-03-01', '2026-03-01');
    const invoices = await app.request('GET', '/v1/accounts/pound/invoices', { token: finance });
    const first = invoices.body.items.at(-1);
    const issued = rows.find((row) => row.accountId === 'pound' && row.kind === 'invoice_issued' && row.ledgerAccount === 'Receivable');
    assert.ok(issued, JSON.stringify(rows));
    assert.deepEqual([issued.document, issued.currency, issued.debit, issued.credit], [first.number, 'GBP', (first.total.amount / 100).toFixed(2), '0.00']);
    assert.match(issued.document, /^INV-\d{6}$/);
    assert.equal(issued.description, 'Invoice issued');

    const yen = rows.find((row) => row.accountId === 'yen' && row.kind === 'invoice_issued' && row.ledgerAccount === 'Receivable');
    const yenInvoice = (await app.request('GET', '/v1/accounts/yen/invoices', { token: finance })).body.items.at(-1);
    assert.deepEqual([yen?.currency, yen?.debit, yen?.document], ['JPY', String(yenInvoice.total.amount), yenInvoice.number], 'JPY has no minor unit');

    const paid = rows.find((row) => row.accountId === 'pound' && row.kind === 'payment' && row.ledgerAccount === 'Cash:sandbox');
    assert.equal(paid?.document, first.number, 'a payment names the invoice it paid');
    for (const row of rows) {
      assert.match(row.debit, row.currency === 'JPY' ? /^\d+$/ : /^\d+\.\d{2}$/);
      assert.match(row.credit, row.currency === 'JPY' ? /^\d+$/ : /^\d+\.\d{2}$/);
      assert.match(row.document, /^(INV|CN)-\d{6}$/);
      assert.doesNotMatch(row.description, /[0-9a-f]{8}-[0-9a-f]{4}-/, 'no internal id in a description');
    }
  });

  test('a refund names its credit note', async () => {
    const rows = await exported('2026-03-31', '2026-03-31');
    const creditNote = rows.find((row) => row.kind === 'credit_note');
    const payout = rows.find((row) => row.kind === 'refund_payout' && row.ledgerAccount === 'Cash:sandbox');
    assert.match(creditNote?.document ?? '', /^CN-\d{6}$/);
    assert.equal(payout?.document, creditNote?.document);
    assert.deepEqual([payout?.debit, payout?.credit, payout?.description], ['0.00', '0.20', 'Refund paid out through sandbox']);
  });

  test('--from and --to are both included, whole UTC days', async () => {
    const instants = (rows: Row[]) => [...new Set(rows.map((row) => row.occurredAt))].sort();
    assert.deepEqual(instants(await exported('2026-03-01', '2026-03-31')), ['2026-03-01T00:00:00.000Z', LAST_MS_OF_MARCH], 'the first and the last millisecond of the range');
    assert.deepEqual(instants(await exported('2026-03-31', '2026-03-31')), [LAST_MS_OF_MARCH], 'one day: --to may equal --from');
    assert.deepEqual(instants(await exported('2026-04-01', '2026-04-30')), [APRIL], 'midnight belongs to the day it starts');
    assert.deepEqual(await exported('2026-03-02', '2026-03-30'), [], 'a range between the entries has none');
    assert.deepEqual(await exported('2026-02-01', '2026-02-28'), []);
  });

  test('JSON lines carry the same decimal amounts and document numbers', async () => {
    const result = await runLedgerCli(app.runtime.databaseUrl, 'export', '--from', '2026-03-01', '--to', '2026-03-01', '--format', 'jsonl');
    assert.equal(result.code, 0, result.stderr);
    const entries = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { document: string; currency: string; lines: Array<{ debit: string; credit: string }> });
    assert.ok(entries.length >= 4);
    for (const entry of entries) {
      assert.match(entry.document, /^INV-\d{6}$/);
      const cents = (text: string) => Number(text.replace('.', ''));
      assert.equal(entry.lines.reduce((sum, line) => sum + cents(line.debit) - cents(line.credit), 0), 0, 'each entry balances');
    }
  });

  test("the README's token example, pasted into a shell, captures the token alone", { timeout: 180_000 }, async () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const example = /^TOKEN=\$\(npm run (?:-s )?ledger -- token .*\)$/m.exec(readme)?.[0];
    assert.ok(example, 'the README shows how to capture a token');
    const env: NodeJS.ProcessEnv = { ...process.env, JWT_SECRET: TEST_JWT_SECRET, DATA_DIR: mkdtempSync(join(tmpdir(), 'ledger-readme-')), LOG_LEVEL: 'silent' };
    delete env.DATABASE_URL;
    const { stdout } = await promisify(execFile)('sh', ['-c', `${example}\nprintf '%s' "$TOKEN"`], { cwd: root, env, timeout: 170_000 });
    assert.match(stdout, /^[\w-]+\.[\w-]+\.[\w-]+$/, `only a JWT is captured, got: ${JSON.stringify(stdout.slice(0, 200))}`);
    assert.equal((await app.request('GET', '/v1/accounts/pound', { token: stdout })).status, 200, 'and the API accepts it');
  });
});
