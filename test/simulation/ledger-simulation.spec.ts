// A seeded year of random commands over a few hundred accounts leaves the ledger sound: every book
// balances, the journal agrees with the accounts' own states, MRR agrees day by day, a replay
// rebuilds every read model row for row, and every hash chain holds. SIM_SEED replays a run.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compareWithRebuild } from '../../libs/infra/projections/projection-rebuild';
import { verifyHashChains, verifyStreamTips } from '../../libs/application/verify/verify-ledger';
import { ALL_PROJECTIONS } from '../../projections/all-projections';
import { checkLedgerInvariants } from '../../projections/journal/ledger-invariants';
import { journalCurrencies, trialBalance } from '../../projections/journal/journal.query';
import { datesBetween, mrrReport } from '../../projections/mrr/mrr.query';
import { startTestApp, type TestApp } from '../support/test-app';
import { dayInstant, runPlan, setRates, type SimStats } from './simulation-driver';
import { generatePlan, intFromEnv, type SimPlan } from './simulation-plan';
import { accountStreams, mrrByDay, truthsOf } from './simulation-truths';
import type { StoredEvent } from '../../libs/event-store/event-store.port';

const START = '2026-01-01T00:00:00.000Z';

describe('a simulated year of the ledger', () => {
  let app: TestApp;
  let plan: SimPlan;
  let stats: SimStats;
  let streams: Map<string, StoredEvent[]>;

  before(async () => {
    const seed = intFromEnv('SIM_SEED', 20_261_124);
    plan = generatePlan(seed, intFromEnv('SIM_ACCOUNTS', 200), intFromEnv('SIM_DAYS', 365), intFromEnv('SIM_STEPS_PER_ACCOUNT', 10));
    console.log(`simulation: SIM_SEED=${seed} accounts=${plan.accounts.length} days=${plan.days} planned commands=${plan.steps.length}`);
    app = await startTestApp({}, START);
    await setRates(app, START);
    const started = Date.now();
    stats = await runPlan(app, plan, START);
    streams = await accountStreams(app.runtime.store, plan.accounts.map((account) => account.accountId));
    const events = [...streams.values()].reduce((sum, stream) => sum + stream.length, 0);
    console.log(`simulation: played in ${Date.now() - started} ms; ${events} account events`);
    console.log(`simulation: accepted ${JSON.stringify(Object.fromEntries(stats.accepted))}`);
    console.log(`simulation: rejected ${JSON.stringify(Object.fromEntries([...stats.rejected].sort()))}`);
  });
  after(async () => app?.close());

  test('every command kind ran, and some were refused', () => {
    for (const kind of ['subscribe', 'changeTier', 'branches', 'productCount', 'hibernate', 'resume', 'cancel', 'paymentMethod', 'pay', 'refund', 'redeem', 'removeDiscount', 'prices']) {
      assert.ok((stats.accepted.get(kind) ?? 0) > 0, `no ${kind} was accepted`);
    }
    assert.ok([...stats.rejected.keys()].some((key) => key.startsWith('changeTier:PRODUCT_LIMIT_EXCEEDED')), 'no downgrade was refused for its product count');
    for (const code of ['COUPON_NOT_FOUND', 'COUPON_ALREADY_APPLIED']) assert.ok(stats.rejected.has(`redeem:${code}`), `no redemption was refused with ${code}`);
  });

  test('the year went through grace, automatic upgrades, hibernation, dunning, suspension and refunds', () => {
    const types = new Map<string, number>();
    let graceUpgrades = 0;
    for (const event of [...streams.values()].flat()) {
      types.set(event.type, (types.get(event.type) ?? 0) + 1);
      if (event.type === 'TierChanged' && (event.data as { reason?: string }).reason === 'grace_expired') graceUpgrades++;
    }
    console.log(`simulation: events ${JSON.stringify(Object.fromEntries(types))}; automatic upgrades ${graceUpgrades}`);
    for (const type of ['GraceStarted', 'GraceEnded', 'ProrationLineAdded', 'PeriodRenewed', 'HibernationStarted', 'Resumed', 'SubscriptionCancelled', 'PaymentFailed', 'DunningStepReached', 'AccountSuspended', 'RefundIssued', 'DiscountApplied', 'DiscountEnded', 'ContractPricesSet', 'ContractPricesTookEffect']) {
      assert.ok((types.get(type) ?? 0) > 0, `no ${type} in the whole year`);
    }
    assert.ok(graceUpgrades > 0, 'no grace period expired into an upgrade');
    const ends = new Set([...streams.values()].flat().filter((event) => event.type === 'DiscountEnded').map((event) => (event.data as { reason: string }).reason));
    assert.deepEqual([...ends].sort(), ['expired', 'removed', 'replaced', 'used'], 'every way a discount ends');
    const discounted = [...streams.values()].flat().filter((event) => event.type === 'InvoiceIssued' && (event.data as { lines: Array<{ kind: string }> }).lines.some((line) => line.kind === 'discount'));
    assert.ok(discounted.length > 0, 'no document was discounted');
  });

  test('every trial balance sums to zero, in each currency', async () => {
    const currencies = await journalCurrencies(app.runtime.pool);
    assert.deepEqual(currencies, ['CAD', 'EUR', 'GBP']);
    for (const currency of currencies) {
      const book = await trialBalance(app.runtime.pool, currency);
      assert.ok(book.totalDebit.amount > 0, `the ${currency} book is empty`);
      assert.equal(book.balance.amount, 0, `the ${currency} trial balance`);
    }
  });

  test("Receivable and CustomerCredit per account equal the open invoices and credit folded from the account's events", async () => {
    const truths = truthsOf(streams);
    assert.equal(truths.length, plan.accounts.length);
    assert.ok(truths.some((truth) => truth.receivable > 0), 'no account owes anything: the check would be vacuous');
    assert.ok(truths.some((truth) => truth.credit > 0), 'no account holds credit: the check would be vacuous');
    assert.deepEqual(await checkLedgerInvariants(app.runtime.pool, truths), []);
  });

  test("MRR on each day equals the sum of the accounts' MRR folded from their events up to that day's end", async () => {
    const days = datesBetween(START.slice(0, 10), dayInstant(START, plan.days).toISOString().slice(0, 10));
    const report = await mrrReport(app.runtime.pool, days[0], days[days.length - 1]);
    const expected = mrrByDay(streams, days);
    assert.ok(expected.some((mrr) => mrr > 0));
    const differing = report.items.map((day, index) => ({ date: day.date, report: day.mrr.amount, folded: expected[index] })).filter((row) => row.report !== row.folded);
    assert.deepEqual(differing.slice(0, 5), [], `${differing.length} day(s) differ`);
  });

  test('a replay into fresh tables equals every live read model row for row', async () => {
    const started = Date.now();
    const differences = await compareWithRebuild(app.runtime.pool, app.runtime.store, ALL_PROJECTIONS);
    assert.deepEqual(Object.keys(differences).sort(), ALL_PROJECTIONS.flatMap((projection) => projection.tables).sort(), 'every table compared');
    for (const [table, count] of Object.entries(differences)) assert.equal(count, 0, `${table} has ${count} differing row(s)`);
    console.log(`simulation: replay of ${ALL_PROJECTIONS.length} read models in ${Date.now() - started} ms`);
  });

  test('every hash chain holds and reaches its recorded tip', async () => {
    const chains = await verifyHashChains(app.runtime.store);
    assert.deepEqual(chains.findings, []);
    assert.ok(chains.events > 0);
    assert.deepEqual(await verifyStreamTips(app.runtime.pool, chains.tips, chains.broken), []);
  });
});
