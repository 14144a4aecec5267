// A preview decides on the account's current state without disturbing the command path's memory:
// it starts from the snapshot (reading only what came after it), writes nothing, and leaves the
// snapshot as it was, so the command that follows still decides on it without reading the stream.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pool } from 'pg';
import { fold } from '../../domain/decider';
import { accountStreamId, billingAccountDecider } from '../../domain/billing-account/billing-account.decider';
import type { BillingAccountEvent } from '../../domain/billing-account/billing-account.events';
import type { EventStore, ExpectedRevision } from '../../event-store/event-store.port';
import { PostgresEventStore } from '../../event-store/postgres/postgres-event-store';
import { ManualClock } from '../../infra/clock/clock';
import { migrate } from '../../infra/database/migrate';
import { createPool } from '../../infra/database/pool';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { BillingCommands } from '../commands/billing-commands';
import { AccountPreviews } from './account-preview';

const ADMIN = { actor: 'admin', role: 'admin' };

interface Call {
  readonly method: 'readStream' | 'append';
  readonly streamId: string;
  readonly fromRevision?: number;
  readonly expectedRevision?: unknown;
}

/** The real store, with a log of the reads and appends made through it. */
function recorded(store: EventStore): { store: EventStore; calls: Call[] } {
  const calls: Call[] = [];
  const proxy = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (property === 'readStream') {
        return (streamId: string, options?: { fromRevision?: number }) => {
          calls.push({ method: 'readStream', streamId, fromRevision: options?.fromRevision });
          return target.readStream(streamId, options);
        };
      }
      if (property === 'append') {
        return (streamId: string, events: never, options: { expectedRevision: ExpectedRevision }) => {
          calls.push({ method: 'append', streamId, expectedRevision: options.expectedRevision });
          return target.append(streamId, events, options);
        };
      }
      return (value as (...args: unknown[]) => unknown).bind(target);
    },
  });
  return { store: proxy, calls };
}

describe('AccountPreviews and the command path’s snapshots', () => {
  let db: TestDatabase;
  let pool: Pool;
  let engine: PostgresEventStore;
  const clock = new ManualClock('2026-03-02T10:00:00.000Z');

  before(async () => {
    db = await createTestDatabase('preview');
    pool = createPool(db.url, { max: 4 });
    await migrate(pool);
    engine = new PostgresEventStore(pool);
  });
  after(async () => {
    await pool?.end();
    await db?.drop();
  });

  const accountCalls = (calls: Call[], accountId: string) => calls.filter((call) => call.streamId === accountStreamId(accountId));

  async function subscribed(commands: BillingCommands, accountId: string): Promise<number> {
    await commands.execute(accountId, { type: 'OpenAccount', accountId, businessName: accountId, email: `${accountId}@example.com`, currency: 'GBP', taxRegion: 'GB' }, ADMIN);
    return (await commands.execute(accountId, { type: 'Subscribe', tier: 'starter', branches: 1 }, ADMIN)).revision;
  }

  test('given a snapshot, when a command is previewed, then only the events after it are read and the command then decides on the snapshot without a read', async () => {
    const { store, calls } = recorded(engine);
    const commands = new BillingCommands(store, clock);
    const revision = await subscribed(commands, 's1');
    calls.length = 0;

    const preview = await new AccountPreviews(commands).preview('s1', { type: 'ChangeTier', tier: 'pro' });

    assert.equal(preview.documents.length, 1);
    assert.deepEqual(accountCalls(calls, 's1'), [{ method: 'readStream', streamId: 'account-s1', fromRevision: revision + 1 }]);
    calls.length = 0;
    const outcome = await commands.execute('s1', { type: 'ChangeTier', tier: 'pro' }, ADMIN);
    assert.deepEqual(accountCalls(calls, 's1'), [{ method: 'append', streamId: 'account-s1', expectedRevision: revision }]);
    const fresh = fold(billingAccountDecider, (await engine.readStream('account-s1')) as unknown as BillingAccountEvent[]);
    assert.deepEqual(outcome.state, fresh);
  });

  test('given no snapshot, when a command is previewed, then it reads the whole stream and leaves no snapshot behind', async () => {
    await subscribed(new BillingCommands(engine, clock), 's2');
    const { store, calls } = recorded(engine);
    const commands = new BillingCommands(store, clock);

    await new AccountPreviews(commands).preview('s2', { type: 'ChangeBranches', delta: 2 });
    await commands.execute('s2', { type: 'ChangeBranches', delta: 2 }, ADMIN);

    // The command found no snapshot to decide on: it read the stream itself before appending.
    assert.deepEqual(accountCalls(calls, 's2').map((call) => [call.method, call.fromRevision]), [['readStream', undefined], ['readStream', undefined], ['append', undefined]]);
  });

  test('given a stream stamped after this process’s clock, when previewed, then the preview decides at the stream’s instant, as the command then does', async () => {
    const commands = new BillingCommands(engine, clock);
    await subscribed(commands, 's4');
    const ahead = new BillingCommands(new PostgresEventStore(pool), new ManualClock('2026-03-20T12:00:00.000Z'));
    await ahead.execute('s4', { type: 'ReportProductCount', count: 3 }, ADMIN);

    const preview = await new AccountPreviews(commands).preview('s4', { type: 'ChangeTier', tier: 'pro' });
    const outcome = await commands.execute('s4', { type: 'ChangeTier', tier: 'pro' }, ADMIN);

    const issued = (await engine.readStream('account-s4')).filter((event) => event.type === 'InvoiceIssued').at(-1);
    assert.equal(preview.documents[0].issuedAt, '2026-03-20T12:00:00.000Z');
    assert.equal(issued?.data.issuedAt, preview.documents[0].issuedAt);
    assert.deepEqual(preview.documents[0].lines.map((line) => line.days), [13, 13]);
    assert.equal(outcome.state.subscription?.tier, 'pro');
  });

  test('given a snapshot, when another process appends and a preview follows, then the preview decides on the newer state', async () => {
    const commands = new BillingCommands(engine, clock);
    await subscribed(commands, 's3');
    const otherProcess = new BillingCommands(new PostgresEventStore(pool), clock);
    await otherProcess.execute('s3', { type: 'ChangeTier', tier: 'pro' }, ADMIN);

    const preview = await new AccountPreviews(commands).preview('s3', { type: 'ChangeTier', tier: 'enterprise' });

    assert.deepEqual(preview.documents[0].lines.map((line) => line.description), ['Unused time on Pro', 'Remaining time on Enterprise']);
  });
});
