// No event is ever stamped earlier than the event before it in its stream, whatever the clock of
// the process that writes it says: the command loop takes the later of the clock and the stream's
// last instant, on a full read and on a snapshot alike, for accounts and for the rate streams.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Pool } from 'pg';
import { accountStreamId } from '../../domain/billing-account/billing-account.decider';
import { taxRatesDecider } from '../../domain/rates/rates.decider';
import { TAX_RATES_STREAM } from '../../domain/rates/rates.events';
import { PostgresEventStore } from '../../event-store/postgres/postgres-event-store';
import type { EventStore, StoredEvent } from '../../event-store/event-store.port';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { ManualClock } from '../../infra/clock/clock';
import { createPool } from '../../infra/database/pool';
import { migrate } from '../../infra/database/migrate';
import { BillingCommands, type AccountCommandInput } from './billing-commands';
import { commandMetadata } from './command-metadata';
import { handleCommand, stampedAfter } from './handle-command';

const AHEAD = '2027-01-10T09:00:00.000Z';
const BEHIND = '2026-06-01T09:00:00.000Z';
const ADMIN = { actor: 'admin', role: 'admin' };

const opening = (accountId: string): AccountCommandInput => ({ type: 'OpenAccount', accountId, businessName: `Shop ${accountId}`, email: `${accountId}@example.com`, currency: 'GBP', taxRegion: 'GB' });

function assertInOrder(events: readonly StoredEvent[]): void {
  for (let i = 1; i < events.length; i++) {
    const [before, after] = [events[i - 1].metadata.occurredAt, events[i].metadata.occurredAt];
    assert.ok(Date.parse(after) >= Date.parse(before), `${events[i].streamId}@${i} ${events[i].type} at ${after} follows ${before}`);
  }
}

test('stampedAfter moves now and occurredAt together, and only forwards', () => {
  const request = { streamId: 's', command: { type: 'X', now: BEHIND }, metadata: commandMetadata('a', undefined, 'X', BEHIND) };
  const moved = stampedAfter(request, AHEAD);
  assert.equal(moved.command.now, AHEAD);
  assert.equal(moved.metadata.occurredAt, AHEAD);
  assert.equal(stampedAfter(request, '2026-01-01T00:00:00Z'), request, 'an earlier stream leaves the clock alone');
  assert.equal(stampedAfter(request, undefined), request);
  assert.equal(stampedAfter(request, 'not an instant'), request, 'verify reports an unreadable stamp; the command still runs');
  assert.equal(stampedAfter(request, '2027-01-10T09:00:00Z').command.now, AHEAD, 'stored instants are normalised');
});

describe('the command loop keeps each stream in time order', () => {
  let db: TestDatabase;
  let pools: Pool[];
  let stores: EventStore[];
  let ahead: ManualClock;
  let behind: ManualClock;
  /** Two processes on one database whose clocks disagree. */
  let here: BillingCommands;
  let there: BillingCommands;

  before(async () => {
    db = await createTestDatabase('stream_time');
    pools = [createPool(db.url, { max: 4 }), createPool(db.url, { max: 4 })];
    await migrate(pools[0]);
    stores = pools.map((pool) => new PostgresEventStore(pool));
    ahead = new ManualClock(AHEAD);
    behind = new ManualClock(BEHIND);
    here = new BillingCommands(stores[0], ahead);
    there = new BillingCommands(stores[1], behind);
  });
  after(async () => {
    for (const pool of pools ?? []) await pool.end();
    await db?.drop();
  });

  test('a process whose clock is behind writes at the stream\'s instant, in the events and in the decision', async () => {
    await here.execute('late', opening('late'), ADMIN);
    await here.execute('late', { type: 'Subscribe', tier: 'starter', branches: 1 }, ADMIN);
    const outcome = await there.execute('late', { type: 'ChangeBranches', delta: 1 }, ADMIN);
    const changed = outcome.appended.find((event) => event.type === 'BranchesChanged');
    assert.equal(changed?.metadata.occurredAt, AHEAD);
    assert.equal((changed?.data as { changedAt: string }).changedAt, AHEAD, 'the decider decided at the same instant');
    // The second command decides on the snapshot the first one left in that process.
    const again = await there.execute('late', { type: 'ChangeBranches', delta: 1 }, ADMIN);
    assert.ok(again.appended.length > 0);
    assert.ok(again.appended.every((event) => event.metadata.occurredAt === AHEAD), 'the snapshot path is bounded too');
    assertInOrder(await stores[0].readStream(accountStreamId('late')));
  });

  test('the rate streams go through the same loop', async () => {
    const set = (clock: ManualClock, rate: string) => {
      const now = clock.now().toISOString();
      return handleCommand(stores[0], taxRatesDecider, { streamId: TAX_RATES_STREAM, command: { type: 'SetTaxRate' as const, region: 'GB', rate, now }, metadata: commandMetadata('fin', 'finance', 'SetTaxRate', now) }, () => undefined);
    };
    await set(ahead, '0.20');
    const outcome = await set(behind, '0.21');
    assert.equal(outcome.appended[0].metadata.occurredAt, AHEAD);
    assertInOrder(await stores[0].readStream(TAX_RATES_STREAM));
  });

  test('property: whatever instants two processes\' clocks give their commands, every stream stays in order', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ process: fc.integer({ min: 0, max: 1 }), offsetMinutes: fc.integer({ min: -600_000, max: 600_000 }) }), { minLength: 1, maxLength: 8 }), async (steps) => {
        const accountId = `prop-${run++}`;
        const opener = new BillingCommands(stores[0], new ManualClock(BEHIND));
        await opener.execute(accountId, opening(accountId), ADMIN);
        await opener.execute(accountId, { type: 'Subscribe', tier: 'pro', branches: 1 }, ADMIN);
        for (const [index, step] of steps.entries()) {
          const clock = new ManualClock(new Date(Date.parse(BEHIND) + step.offsetMinutes * 60_000));
          const commands = new BillingCommands(stores[step.process], clock);
          await commands.execute(accountId, { type: 'ReportProductCount', count: index + 1 }, ADMIN);
        }
        assertInOrder(await stores[0].readStream(accountStreamId(accountId)));
      }),
      { numRuns: 25 },
    );
  });
});
