// Billing commands decide on cached account snapshots and rate books, yet every answer is the one
// a fresh read of the streams would give, even when another process wrote to them in between.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { fold } from '../../domain/decider';
import { accountStreamId, billingAccountDecider } from '../../domain/billing-account/billing-account.decider';
import type { BillingAccountEvent } from '../../domain/billing-account/billing-account.events';
import { EXCHANGE_RATES_STREAM, TAX_RATES_STREAM } from '../../domain/rates/rates.events';
import { PostgresEventStore } from '../../event-store/postgres/postgres-event-store';
import type { EventStore, NewEvent } from '../../event-store/event-store.port';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { ManualClock } from '../../infra/clock/clock';
import { createPool } from '../../infra/database/pool';
import { migrate } from '../../infra/database/migrate';
import { BillingCommands, type AccountCommandInput } from './billing-commands';

const NOW = '2026-03-02T10:00:00.000Z';
const ADMIN = { actor: 'admin', role: 'admin' };

function rateEvent(type: 'ExchangeRateSet' | 'TaxRateSet', data: Record<string, string>): NewEvent {
  return { id: uuidv7(), type, data: { ...data, effectiveAt: '2026-01-01T00:00:00.000Z', setAt: '2026-01-01T00:00:00.000Z' }, metadata: { correlationId: 'c', causationId: 'c', actor: 'other-process', command: 'SetRate', occurredAt: NOW } };
}

const opening = (accountId: string, currency = 'GBP'): AccountCommandInput => ({ type: 'OpenAccount', accountId, businessName: `Shop ${accountId}`, email: `${accountId}@example.com`, currency, taxRegion: 'GB' });

describe('BillingCommands: snapshots and rate books', () => {
  let db: TestDatabase;
  let pools: Pool[];
  /** Two engines on one database: this process and, standing in for another process, `other`. */
  let store: EventStore;
  let other: EventStore;
  let commands: BillingCommands;
  let elsewhere: BillingCommands;

  before(async () => {
    db = await createTestDatabase('commands');
    pools = [createPool(db.url, { max: 4 }), createPool(db.url, { max: 4 })];
    await migrate(pools[0]);
    store = new PostgresEventStore(pools[0]);
    other = new PostgresEventStore(pools[1]);
    const clock = new ManualClock(NOW);
    commands = new BillingCommands(store, clock);
    elsewhere = new BillingCommands(other, clock);
  });
  after(async () => {
    for (const pool of pools ?? []) await pool.end();
    await db?.drop();
  });

  async function freshState(accountId: string) {
    return fold(billingAccountDecider, (await store.readStream(accountStreamId(accountId))) as unknown as BillingAccountEvent[]);
  }

  test('given a snapshot in this process, when another process reports a product count, then the next command here decides on that count', async () => {
    await commands.execute('a1', opening('a1'), ADMIN);
    await commands.execute('a1', { type: 'ReportProductCount', count: 5 }, ADMIN);

    await elsewhere.execute('a1', { type: 'ReportProductCount', count: 9 }, ADMIN);
    const outcome = await commands.execute('a1', { type: 'Subscribe', tier: 'starter', branches: 1 }, ADMIN);

    assert.equal(outcome.state.productCount, 9);
    assert.deepEqual(outcome.state, await freshState('a1'));
  });

  test('given a snapshot of an unsubscribed account, when another process subscribes it, then a tier change here is not refused on the old state', async () => {
    await commands.execute('a2', opening('a2'), ADMIN);

    await elsewhere.execute('a2', { type: 'Subscribe', tier: 'starter', branches: 1 }, ADMIN);
    const outcome = await commands.execute('a2', { type: 'ChangeTier', tier: 'pro' }, ADMIN);

    assert.equal(outcome.state.subscription?.tier, 'pro');
  });

  test('given a keyed command recorded by another process, when this process repeats it, then it answers the recorded outcome without writing again', async () => {
    await commands.execute('a3', opening('a3'), ADMIN);
    await commands.execute('a3', { type: 'Subscribe', tier: 'starter', branches: 1 }, ADMIN);
    const keyed = { ...ADMIN, idempotencyKey: 'branches-once', requestHash: 'h1' };

    await elsewhere.execute('a3', { type: 'ChangeBranches', delta: 1 }, keyed);
    const repeat = await commands.execute('a3', { type: 'ChangeBranches', delta: 1 }, keyed);

    assert.equal(repeat.replayed, true);
    assert.equal(repeat.state.subscription?.branches, 2);
    assert.equal((await freshState('a3')).subscription?.branches, 2);
  });

  test('given a keyed command handled here, when it is repeated here, then it is replayed from the stream', async () => {
    await commands.execute('a4', opening('a4'), ADMIN);
    await commands.execute('a4', { type: 'Subscribe', tier: 'starter', branches: 1 }, ADMIN);
    const keyed = { ...ADMIN, idempotencyKey: 'count-once', requestHash: 'h2' };
    await commands.execute('a4', { type: 'ReportProductCount', count: 7 }, keyed);
    await commands.execute('a4', { type: 'ReportProductCount', count: 9 }, ADMIN);

    const repeat = await commands.execute('a4', { type: 'ReportProductCount', count: 7 }, keyed);

    assert.equal(repeat.replayed, true);
    assert.equal(repeat.state.productCount, 7);
  });

  test('given concurrent commands on one account in this process, when they all finish, then none was lost', async () => {
    await commands.execute('a5', opening('a5'), ADMIN);
    await commands.execute('a5', { type: 'Subscribe', tier: 'starter', branches: 1 }, ADMIN);

    await Promise.all(Array.from({ length: 6 }, () => commands.execute('a5', { type: 'ChangeBranches', delta: 1 }, ADMIN)));

    assert.equal((await freshState('a5')).subscription?.branches, 7);
  });

  test('given a sequence of commands answered from snapshots, when the stream is folded afresh, then it gives the same state as the last answer', async () => {
    await commands.execute('a6', opening('a6'), ADMIN);
    await commands.execute('a6', { type: 'Subscribe', tier: 'starter', branches: 1 }, ADMIN);
    await commands.execute('a6', { type: 'ChangeTier', tier: 'pro' }, ADMIN);
    await commands.execute('a6', { type: 'ChangeBranches', delta: 2 }, ADMIN);

    const last = await commands.execute('a6', { type: 'ChangeTier', tier: 'starter' }, ADMIN);

    assert.deepEqual(last.state, await freshState('a6'));
  });

  test('given rate books read in this process, when another process sets the first USD rate, then the next command here can open a USD account', async () => {
    await commands.execute('r1', opening('r1'), ADMIN);

    await other.append(EXCHANGE_RATES_STREAM, [rateEvent('ExchangeRateSet', { currency: 'USD', rate: '1.25' })], { expectedRevision: 'any' });
    const outcome = await commands.execute('r1-usd', opening('r1-usd', 'USD'), ADMIN);

    assert.equal(outcome.state.currency, 'USD');
  });

  test('given rate books already holding a rate, when another process changes it, then the next context here has the new rate', async () => {
    await other.append(EXCHANGE_RATES_STREAM, [rateEvent('ExchangeRateSet', { currency: 'EUR', rate: '1.10' })], { expectedRevision: 'any' });
    assert.equal((await commands.context()).exchangeRates.rateAt('EUR', NOW), '1.10');

    await other.append(EXCHANGE_RATES_STREAM, [rateEvent('ExchangeRateSet', { currency: 'EUR', rate: '1.20' })], { expectedRevision: 'any' });
    await other.append(TAX_RATES_STREAM, [rateEvent('TaxRateSet', { region: 'GB', rate: '0.15' })], { expectedRevision: 'any' });
    const context = await commands.context();

    assert.equal(context.exchangeRates.rateAt('EUR', NOW), '1.20');
    assert.equal(context.taxRates.rateAt('GB', NOW), '0.15');
  });
});
