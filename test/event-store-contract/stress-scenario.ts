import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { WrongExpectedRevision, type StoredEvent } from '../../libs/event-store/event-store.port';
import { newEvent, readWholeFeed, stream, type ContractEngine } from './event-store.contract';

/**
 * Properties 2 and 3 under load: many writers append to shared and private streams while one
 * append sits in a deliberately slow open transaction, and a reader tails the feed the whole
 * time. The reader asserts as it goes that positions only grow and that each stream's revisions
 * arrive one after another; at the end its view must equal the settled feed exactly, so an event
 * that slipped in behind the reader's position (a gap it skipped) cannot go unnoticed.
 */
export interface StressOptions {
  readonly writers: number;
  readonly appendsPerWriter: number;
  readonly sharedStreams: number;
  readonly slowTransactionMs: number;
}

export interface StressReport {
  readonly eventsWritten: number;
  readonly conflictsRetried: number;
  readonly readerSawAll: boolean;
}

export async function runStressScenario(engine: ContractEngine, options: StressOptions): Promise<StressReport> {
  const { store } = engine;
  const prefix = stream('stress');
  const shared = Array.from({ length: options.sharedStreams }, (_, i) => `${prefix}-shared-${i}`);
  let writing = true;
  // Set once the writers are done: the newest committed event. The feed may hold events back
  // while any transaction on the server (another suite's, even) is open, so "nothing more to
  // read" only counts once the reader has reached it.
  let head: string | undefined;
  let stoppedAt: number | undefined;
  let eventsWritten = 0;
  let conflictsRetried = 0;

  const observed: StoredEvent[] = [];
  const reader = (async () => {
    const lastRevision = new Map<string, number>();
    let after: string | undefined;
    for (;;) {
      const finished = !writing && head !== undefined && after !== undefined && after >= head;
      const batch = await store.readAll({ after, maxCount: 300, filter: { streamPrefixes: [prefix] } });
      for (const event of batch) {
        if (after !== undefined) assert.ok(event.position > after, `feed went backwards at ${event.position}`);
        const previous = lastRevision.get(event.streamId) ?? -1;
        assert.equal(event.revision, previous + 1, `${event.streamId}: revision ${event.revision} after ${previous}`);
        lastRevision.set(event.streamId, event.revision);
        after = event.position;
        observed.push(event);
      }
      if (finished && batch.length === 0) return;
      if (stoppedAt !== undefined && Date.now() - stoppedAt > 30_000) throw new Error(`the feed did not reach ${head} within 30 s`);
      if (batch.length === 0) await sleep(1);
    }
  })();

  const appendShared = async (streamId: string, count: number) => {
    for (;;) {
      const [last] = await store.readStream(streamId, { direction: 'backwards', maxCount: 1 });
      try {
        await store.append(streamId, Array.from({ length: count }, () => newEvent()), { expectedRevision: last ? last.revision : 'no_stream' });
        return;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevision)) throw error;
        conflictsRetried++;
      }
    }
  };

  const writer = async (w: number) => {
    const own = `${prefix}-own-${w}`;
    let ownRevision = -1;
    for (let i = 0; i < options.appendsPerWriter; i++) {
      const count = 1 + ((w + i) % 3);
      if ((w + i) % 2 === 0) {
        await appendShared(shared[(w + i) % shared.length], count);
      } else {
        const result = await store.append(own, Array.from({ length: count }, () => newEvent()), { expectedRevision: ownRevision < 0 ? 'no_stream' : ownRevision });
        ownRevision = result.nextExpectedRevision;
      }
      eventsWritten += count;
    }
  };

  const slow = engine.slowAppend
    ? sleep(50).then(async () => {
        await engine.slowAppend?.(`${prefix}-slow`, [newEvent('Slow')], options.slowTransactionMs);
        eventsWritten += 1;
      })
    : Promise.resolve();
  try {
    await Promise.all([...Array.from({ length: options.writers }, (_, w) => writer(w)), slow]);
  } finally {
    head = await store.headPosition();
    stoppedAt = Date.now();
    writing = false;
  }
  await reader;

  const settled = await readWholeFeed(store, prefix);
  assert.equal(settled.length, eventsWritten, 'every written event is in the feed');
  assert.deepEqual(observed.map((e) => e.id), settled.map((e) => e.id), 'the tailing reader saw exactly the settled feed, in its order');
  return { eventsWritten, conflictsRetried, readerSawAll: true };
}
