import type { Pool } from 'pg';
import type { EventStore, StoredEvent } from '../../event-store/event-store.port';
import { applyToTargets, inTransaction, leaveBehind, type BatchTarget } from './projection-batch';

/**
 * A rebuild's fill, with its read models dealt into lanes that run side by side, each lane on its
 * own connection, one transaction per batch. Alone, the fill keeps one core at a time busy: Node
 * builds a model's rows while PostgreSQL waits, then PostgreSQL writes them while Node waits (the
 * profile of a single-lane replay shows Node idle 45 % of the time). With two lanes, Node works on
 * one lane's rows while the server writes the other's. A model stays in one lane, so its batches
 * still apply in feed order; models share no tables, so lanes never wait on each other's rows.
 *
 * The feed is read once for all lanes, one batch ahead. A lane may run at most `LANE_SLACK`
 * batches ahead of the slowest, which bounds the batches held in memory whatever the ledger's size.
 */
/** Two: on two cores, three lanes measured no faster, and every lane holds a connection (docs/decisions.md). */
export const REBUILD_LANES = 2;
const LANE_SLACK = 1;

export interface LaneOutcome {
  /** Events read from the feed by the lane that went furthest. */
  readonly events: number;
  readonly failures: ReadonlyMap<string, unknown>;
}

export async function fillInLanes(
  pool: Pool,
  store: EventStore,
  targets: readonly BatchTarget[],
  batchSize: number,
  progress?: (applied: number) => void,
): Promise<LaneOutcome> {
  const lanes = Array.from({ length: Math.min(REBUILD_LANES, targets.length) }, (_, lane) => targets.filter((_, index) => index % REBUILD_LANES === lane));
  const feed = new SharedFeed(store, batchSize);
  const pace = new LanePace(lanes.length, progress);
  const failures = new Map<string, unknown>();
  const outcomes = await Promise.allSettled(lanes.map((lane, laneIndex) => runLane(pool, feed, pace, laneIndex, lane, failures)));
  await feed.drain();
  const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failed) throw failed.reason;
  return { events: pace.furthestEvents, failures };
}

async function runLane(pool: Pool, feed: SharedFeed, pace: LanePace, laneIndex: number, lane: readonly BatchTarget[], failures: Map<string, unknown>): Promise<void> {
  let targets = lane;
  try {
    for (let batch = 0; targets.length > 0; batch++) {
      if (!(await pace.mayStart(batch))) return;
      const events = await feed.batch(batch);
      if (events.length === 0) return;
      const failed = await inTransaction(pool, async (client) => {
        // Rebuild tables are served only once swapped in, and the swap's own commit waits for
        // the WAL up to it, which covers these batches: no need to wait for every batch's flush.
        await client.query('SET LOCAL synchronous_commit = off');
        return applyToTargets(client, targets, events);
      });
      targets = leaveBehind(targets, failed, failures);
      pace.finished(laneIndex, batch, events.length);
      feed.release(pace.slowest);
    }
  } catch (error) {
    // The other lanes stop at their next batch rather than wait on this one for ever.
    pace.stop();
    throw error;
  } finally {
    pace.finished(laneIndex, Number.POSITIVE_INFINITY, 0);
  }
}

/** The feed in numbered batches, each read once (after the previous one's last position) and held until every lane is past it. */
class SharedFeed {
  private readonly held = new Map<number, Promise<StoredEvent[]>>();
  private newest = -1;

  constructor(
    private readonly store: EventStore,
    private readonly batchSize: number,
  ) {}

  /** Batch `index`; the one after it starts reading now, so that reading and parsing overlap the lanes' work. */
  batch(index: number): Promise<StoredEvent[]> {
    while (this.newest <= index) this.readNext();
    const batch = this.held.get(index);
    if (!batch) throw new Error(`feed batch ${index} was released while a lane still needed it`);
    return batch;
  }

  /** Waits for the reads still in flight (the one read ahead, or those left by a lane that stopped), so that none outlives the fill. */
  async drain(): Promise<void> {
    await Promise.all([...this.held.values()].map((batch) => batch.catch(() => undefined)));
  }

  /** Forgets the batches up to `index`: every lane has applied them. */
  release(index: number): void {
    for (const held of this.held.keys()) if (held <= index) this.held.delete(held);
  }

  private readNext(): void {
    const previous = this.held.get(this.newest);
    const index = ++this.newest;
    const reading = previous
      ? previous.then((events) => (events.length === 0 ? events : this.store.readAll({ after: events[events.length - 1].position, maxCount: this.batchSize })))
      : this.store.readAll({ maxCount: this.batchSize });
    // Observed now so that a failed read does not count as unhandled while it waits for a lane.
    reading.catch(() => undefined);
    this.held.set(index, reading);
  }
}

/** Where each lane is, so that none runs more than LANE_SLACK batches ahead of the slowest. */
class LanePace {
  private readonly done: number[];
  private readonly eventsDone: number[];
  private waiting: Array<() => void> = [];
  private stopped = false;
  private reported = 0;

  constructor(
    lanes: number,
    private readonly progress?: (applied: number) => void,
  ) {
    this.done = Array.from({ length: lanes }, () => -1);
    this.eventsDone = Array.from({ length: lanes }, () => 0);
  }

  /** The last batch every lane has applied (or left, having nothing more to apply). */
  get slowest(): number {
    return Math.min(...this.done);
  }

  get furthestEvents(): number {
    return Math.max(0, ...this.eventsDone);
  }

  /** Waits until `batch` is within the slack of the slowest lane; false once the fill has stopped. */
  async mayStart(batch: number): Promise<boolean> {
    while (!this.stopped && batch - this.slowest > LANE_SLACK + 1) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    return !this.stopped;
  }

  finished(lane: number, batch: number, events: number): void {
    this.done[lane] = batch;
    this.eventsDone[lane] += events;
    const upTo = Math.min(...this.eventsDone.map((count, index) => (this.done[index] === Number.POSITIVE_INFINITY ? this.furthestEvents : count)));
    if (upTo > this.reported) {
      this.reported = upTo;
      this.progress?.(upTo);
    }
    this.wake();
  }

  stop(): void {
    this.stopped = true;
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }
}
