/**
 * The state of recently used streams as this process last saw them, so that a command need not
 * read and fold a stream's whole history every time (handle-command.ts). A snapshot is only ever
 * a guess: the command that uses one appends with the snapshot's revision as the expected
 * revision, so the store itself refuses it when anything (another process included) wrote to the
 * stream since, and the command then starts over from a full read.
 *
 * Snapshots are replaced, never changed: a command may still be deciding on the one it took
 * while another command stores the next.
 */
export interface StreamSnapshot<TState> {
  readonly state: TState;
  /** Revision of the stream's last event folded into `state`. */
  readonly revision: number;
  /** Position of that event. */
  readonly position: string;
  /** That event's occurredAt: no command may stamp its events earlier (handle-command.ts). */
  readonly occurredAt: string;
  /** Every idempotency key recorded in the stream up to `revision`. */
  readonly idempotencyKeys: ReadonlySet<string>;
}

const CAPACITY_DEFAULT = 1_000;

export class StreamSnapshots<TState> {
  /** In order of use, the least recently used first (a Map keeps insertion order). */
  private readonly snapshots = new Map<string, StreamSnapshot<TState>>();

  constructor(private readonly capacity = CAPACITY_DEFAULT) {}

  get(streamId: string): StreamSnapshot<TState> | undefined {
    const snapshot = this.snapshots.get(streamId);
    if (snapshot) {
      this.snapshots.delete(streamId);
      this.snapshots.set(streamId, snapshot);
    }
    return snapshot;
  }

  /**
   * The stream's snapshot without counting it as a use: a preview reads it but must leave the
   * memory exactly as it found it, recency order included (libs/application/preview).
   */
  peek(streamId: string): StreamSnapshot<TState> | undefined {
    return this.snapshots.get(streamId);
  }

  /** Keeps `snapshot` unless a later revision of the stream is already kept. */
  remember(streamId: string, snapshot: StreamSnapshot<TState>): void {
    if (this.capacity <= 0) return;
    const kept = this.snapshots.get(streamId);
    if (kept && kept.revision > snapshot.revision) return;
    this.snapshots.delete(streamId);
    if (this.snapshots.size >= this.capacity) {
      const oldest = this.snapshots.keys().next();
      if (!oldest.done) this.snapshots.delete(oldest.value);
    }
    this.snapshots.set(streamId, snapshot);
  }

  /** Forgets the stream's snapshot if it is still the one at `revision` (a later one stays). */
  forget(streamId: string, revision: number): void {
    if (this.snapshots.get(streamId)?.revision === revision) this.snapshots.delete(streamId);
  }

  get size(): number {
    return this.snapshots.size;
  }
}
