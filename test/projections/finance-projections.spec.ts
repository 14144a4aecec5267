// The finance read models on a real PostgreSQL: two accounts (GBP and EUR) decided by the real domain
// are projected, the reports answer amounts worked out by hand, and a rebuild in other batch sizes
// gives the same rows byte for byte.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Pool } from 'pg';
import { billingAccountDecider } from '../../libs/domain/billing-account/billing-account.decider';
import type { BillingAccountCommand } from '../../libs/domain/billing-account/billing-account.commands';
import { eventInstant, type BillingAccountEvent } from '../../libs/domain/billing-account/billing-account.events';
import {
  advanceTime, changeTier, contextFactory, exchangeRate, open, setPaymentMethod, subscribe, type FixtureOptions,
} from '../../libs/domain/billing-account/billing-account.fixtures';
import { amountRemaining, openDocuments, type BillingAccountState } from '../../libs/domain/billing-account/billing-account.state';
import type { StoredEvent } from '../../libs/event-store/event-store.port';
import { inTransaction } from '../../libs/infra/projections/projection-runner';
import { liveTables, rebuildTables, type Projection, type TableNamer } from '../../libs/infra/projections/projection';
import { invoicesProjection } from '../../projections/invoices/invoices.projection';
import { listAccountInvoices } from '../../projections/invoices/invoices.query';
import { journalProjection } from '../../projections/journal/journal.projection';
import { accountLedgerBalances, journalCurrencies, journalEntries, trialBalance } from '../../projections/journal/journal.query';
import { accountTruthOf, checkLedgerInvariants } from '../../projections/journal/ledger-invariants';
import { mrrProjection } from '../../projections/mrr/mrr.projection';
import { mrrReport } from '../../projections/mrr/mrr.query';
import { taxProjection } from '../../projections/tax/tax.projection';
import { taxReport } from '../../projections/tax/tax.query';
import { TestFeed } from '../../projections/invoices/finance-events.fixtures';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const FINANCE_PROJECTIONS: readonly Projection[] = [invoicesProjection, journalProjection, mrrProjection, taxProjection];

/** Decides commands in order like the live system, with ids `<prefix>-1`, `<prefix>-2`… */
function history(prefix: string, commands: readonly BillingAccountCommand[], options: FixtureOptions = {}): { events: BillingAccountEvent[]; state: BillingAccountState } {
  const context = contextFactory(prefix, options)();
  let state = billingAccountDecider.initialState();
  const events: BillingAccountEvent[] = [];
  for (const command of commands) {
    for (const event of billingAccountDecider.decide(command, state, context)) {
      state = billingAccountDecider.evolve(state, event);
      events.push(event);
    }
  }
  return { events, state };
}

// Shop A (GBP, GB 20%): Starter + 1 extra branch on 1 Mar, paid; Pro on 17 Mar; renewal on 1 Apr.
const shopA = history('a', [
  open('2026-03-01T00:00:00Z', { accountId: 'shop-a' }), setPaymentMethod('2026-03-01T00:00:00Z'), subscribe('starter', 2, '2026-03-01T08:00:00Z'),
  { type: 'RecordPayment', invoiceId: 'a-1', amount: { amount: 240, currency: 'GBP' }, reference: 'bank-1', gateway: 'sandbox', now: '2026-03-02T10:00:00Z' },
  changeTier('pro', '2026-03-17T09:00:00Z'), advanceTime('2026-04-05T00:00:00Z'),
]);
// Shop B (EUR at 1.17 per £1, IE 23%): Pro on 3 Mar, down to Starter on 10 Mar; the renewal on 3 Apr nets to a credit note.
const shopB = history('b', [
  open('2026-03-01T12:00:00Z', { accountId: 'shop-b', currency: 'EUR', taxRegion: 'IE' }), setPaymentMethod('2026-03-01T12:00:00Z'),
  subscribe('pro', 1, '2026-03-03T09:00:00Z'), changeTier('starter', '2026-03-10T09:00:00Z'), advanceTime('2026-04-05T00:00:00Z'),
], { exchangeRates: [exchangeRate('EUR', '1.17')] });

/** Both accounts' events in one feed, by instant, each account's own order kept. */
function feedOf(): StoredEvent[] {
  const feed = new TestFeed();
  const a = [...shopA.events];
  const b = [...shopB.events];
  const stored: StoredEvent[] = [];
  while (a.length > 0 || b.length > 0) {
    const takeA = b.length === 0 || (a.length > 0 && eventInstant(a[0]) <= eventInstant(b[0]));
    stored.push(takeA ? feed.event('shop-a', a.shift() as BillingAccountEvent) : feed.event('shop-b', b.shift() as BillingAccountEvent));
  }
  return stored;
}

async function project(pool: Pool, events: readonly StoredEvent[], t: TableNamer, batchSize: number): Promise<void> {
  for (const projection of FINANCE_PROJECTIONS) {
    await pool.query(projection.createTables(t));
    for (let i = 0; i < events.length; i += batchSize) {
      await inTransaction(pool, (client) => projection.apply(client, events.slice(i, i + batchSize), t));
    }
  }
}

describe('finance read models on PostgreSQL', () => {
  let db: TestDatabase;
  let pool: Pool;
  const events = feedOf();

  before(async () => {
    db = await createTestDatabase('finance');
    pool = new Pool({ connectionString: db.url });
    await project(pool, events, liveTables, events.length);
  });
  after(async () => {
    await pool?.end();
    await db?.drop();
  });

  test('invoices are numbered per series in feed order, and an account pages newest first', async () => {
    const first = await listAccountInvoices(pool, 'shop-a', 2);
    assert.deepEqual(first.items.map((i) => i.number), ['INV-000004', 'INV-000003']);
    assert.ok(first.nextCursor);
    const second = await listAccountInvoices(pool, 'shop-a', 2, first.nextCursor);
    assert.deepEqual(second.items.map((i) => i.number), ['INV-000001']);
    assert.equal(second.nextCursor, null);
    const b = await listAccountInvoices(pool, 'shop-b', 20);
    assert.deepEqual(b.items.map((i) => [i.number, i.total.amount]), [['CN-000001', -79], ['INV-000002', 432]]);
  });

  test('shop B’s renewal nets the downgrade into a credit note: 117 − 272 + 91 = −64 cents, tax −15', async () => {
    const [note] = (await listAccountInvoices(pool, 'shop-b', 1)).items;
    assert.deepEqual(note.lines.map((l) => l.amount.amount), [117, -272, 91]);
    assert.deepEqual([note.subtotal.amount, note.tax.amount, note.total.amount, note.status], [-64, -15, -79, 'paid']);
    assert.equal(note.exchangeRate, '1.17');
  });

  test('each book’s trial balance sums to zero with the balances worked out by hand', async () => {
    assert.deepEqual(await journalCurrencies(pool), ['EUR', 'GBP']);
    const gbp = await trialBalance(pool, 'GBP');
    const balances = Object.fromEntries(gbp.items.map((a) => [a.account, a.balance.amount]));
    // Invoices 240 + 116 + 480 (Pro 300 + branch 100, + 80 tax); 240 paid.
    assert.deepEqual(balances, { 'Cash:sandbox': 240, Receivable: 596, Revenue: -697, TaxPayable: -139 });
    assert.equal(gbp.balance.amount, 0);
    const eur = await trialBalance(pool, 'EUR');
    assert.deepEqual(Object.fromEntries(eur.items.map((a) => [a.account, a.balance.amount])), { CustomerCredit: -79, Receivable: 432, Revenue: -287, TaxPayable: -66 });
    assert.equal(eur.balance.amount, 0);
  });

  test('the trial balance as of an instant leaves out later entries', async () => {
    const march = await trialBalance(pool, 'GBP', '2026-03-31T23:59:59.999Z');
    assert.deepEqual(Object.fromEntries(march.items.map((a) => [a.account, a.balance.amount])), { 'Cash:sandbox': 240, Receivable: 116, Revenue: -297, TaxPayable: -59 });
  });

  test('Receivable per account equals its open invoices’ remaining amounts; CustomerCredit its credit', async () => {
    const balances = await accountLedgerBalances(pool);
    for (const [id, state] of [['shop-a', shopA.state], ['shop-b', shopB.state]] as const) {
      const row = balances.find((b) => b.accountId === id);
      assert.equal(row?.receivable, openDocuments(state).reduce((sum, d) => sum + amountRemaining(d), 0), id);
      assert.equal(row?.customerCredit, state.credit, id);
    }
    assert.deepEqual(balances.map((b) => [b.accountId, b.receivable, b.customerCredit]), [['shop-a', 596, 0], ['shop-b', 432, 79]]);
  });

  test('the ledger invariants hold against the states folded from the events, and a tampered line is found', async () => {
    const truths = [accountTruthOf(shopA.state), accountTruthOf(shopB.state)];
    assert.deepEqual(await checkLedgerInvariants(pool, truths), []);
    await pool.query("UPDATE journal_lines SET debit = debit + 1 WHERE ledger_account = 'Receivable' AND account_id = 'shop-a' AND line_no = 0 AND entry_id = (SELECT min(entry_id) FROM journal_lines WHERE account_id = 'shop-a' AND ledger_account = 'Receivable' AND debit > 0)");
    try {
      const findings = (await checkLedgerInvariants(pool, truths)).map((f) => f.detail);
      assert.equal(findings.length, 3, findings.join('; '));
      assert.match(findings[0], /does not balance/);
      assert.match(findings[1], /GBP trial balance sums to 1/);
      assert.match(findings[2], /shop-a: Receivable 597 ≠ open invoices' remaining 596/);
    } finally {
      await pool.query("UPDATE journal_lines SET debit = debit - 1 WHERE ledger_account = 'Receivable' AND account_id = 'shop-a' AND line_no = 0 AND entry_id = (SELECT min(entry_id) FROM journal_lines WHERE account_id = 'shop-a' AND ledger_account = 'Receivable' AND debit > 0)");
    }
  });

  test('the tax report accrues by issue date per region and currency, credit notes negative', async () => {
    const march = await taxReport(pool, '2026-03-01', '2026-03-31');
    assert.deepEqual(march.items.map((r) => [r.region, r.currency, r.taxableAmount.amount, r.tax.amount, r.invoices, r.creditNotes]), [
      ['GB', 'GBP', 297, 59, 2, 0],
      ['IE', 'EUR', 351, 81, 1, 0],
    ]);
    const april = await taxReport(pool, '2026-04-01', '2026-04-30');
    assert.deepEqual(april.items.map((r) => [r.region, r.currency, r.taxableAmount.amount, r.tax.amount, r.invoices, r.creditNotes]), [
      ['GB', 'GBP', 400, 80, 1, 0],
      ['IE', 'EUR', -64, -15, 0, 1],
    ]);
  });

  test('the MRR report walks every day with its movements (GBP list prices)', async () => {
    const report = await mrrReport(pool, '2026-02-28', '2026-03-18');
    assert.equal(report.items.length, 19);
    const day = (date: string) => {
      const found = report.items.find((d) => d.date === date);
      assert.ok(found, date);
      return [found.mrr.amount, found.arr.amount, found.new.amount, found.expansion.amount, found.contraction.amount, found.churn.amount, found.reactivation.amount];
    };
    assert.deepEqual(day('2026-02-28'), [0, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(day('2026-03-01'), [200, 2400, 200, 0, 0, 0, 0]);
    assert.deepEqual(day('2026-03-02'), [200, 2400, 0, 0, 0, 0, 0]);
    assert.deepEqual(day('2026-03-03'), [500, 6000, 300, 0, 0, 0, 0]);
    assert.deepEqual(day('2026-03-10'), [300, 3600, 0, 0, -200, 0, 0]);
    assert.deepEqual(day('2026-03-17'), [500, 6000, 0, 200, 0, 0, 0]);
    const later = await mrrReport(pool, '2026-04-01', '2026-04-01');
    assert.deepEqual(later.items.map((d) => d.mrr.amount), [500]);
  });

  test('the journal export walks March’s entries in feed order, the same in pages as in one go', async () => {
    const all = await journalEntries(pool, '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z');
    // A: invoice, payment, upgrade; B: invoice. The downgrade posts nothing until its credit note in April.
    assert.deepEqual(all.map((e) => [e.accountId, e.kind]), [['shop-a', 'invoice_issued'], ['shop-a', 'payment'], ['shop-b', 'invoice_issued'], ['shop-a', 'invoice_issued']]);
    const paged = [];
    for (let page = await journalEntries(pool, '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z', 3); page.length > 0;) {
      paged.push(...page);
      const last = page[page.length - 1];
      page = await journalEntries(pool, '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z', 3, { position: last.position, entryId: last.entryId });
    }
    assert.deepEqual(paged, all);
  });

  test('an invoice issued a second time in a later batch stops the model instead of renumbering it', async () => {
    const issued = events.find((event) => event.type === 'InvoiceIssued') as StoredEvent;
    const again = { ...issued, id: 'evt-again', position: 'ffffffffffffffff-ffffffffffffffff' };
    await assert.rejects(inTransaction(pool, (client) => invoicesProjection.apply(client, [again], liveTables)), /issued twice/);
  });

  test('a rebuild one event per batch writes exactly the rows of the live run', async () => {
    await project(pool, events, rebuildTables, 1);
    for (const projection of FINANCE_PROJECTIONS) {
      for (const table of projection.tables) {
        const live = await pool.query(`SELECT * FROM ${liveTables(table)} ORDER BY 1, 2`);
        const rebuilt = await pool.query(`SELECT * FROM ${rebuildTables(table)} ORDER BY 1, 2`);
        assert.ok(live.rows.length > 0, `${table} has rows`);
        assert.deepEqual(rebuilt.rows, live.rows, table);
      }
    }
  });
});
