import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { uuidV7 } from './uuid-v7';
import { fold, Rejected, type Decider, type DomainEvent } from '../../domain/decider';
import { ConcurrencyConflict, WrongExpectedRevision, type AppendResult, type EventMetadata, type EventStore, type NewEvent, type StoredEvent } from '../../event-store/event-store.port';
import type { StreamSnapshots } from './stream-snapshots';

/**
 * The one command-handling loop every use case goes through: read the stream, fold it, decide,
 * append with the revision that was read; on a concurrent write, start over (bounded), then give
 * up with ConcurrencyConflict (409).
 *
 * Time never runs backwards within a stream: a command happens at the clock's instant or at its
 * stream's last event's, whichever is later (`stampedAfter`), and that one instant is both the
 * command's `now` and its events' `occurredAt`. Two processes' clocks may disagree a little (or a
 * manual clock may lag in a process that does not own it); the stream's own order wins.
 *
 * Idempotency lives here too, in the events themselves: a command sent with an Idempotency-Key
 * writes that key into its events' metadata and derives their ids from it. A repeat finds the
 * key in the stream and answers with the state as of those events, so a command whose first
 * answer was lost (crash, timeout) still takes effect exactly once.
 *
 * Given the stream's snapshots (stream-snapshots.ts), a command first tries to decide on the last
 * snapshot without reading at all (fromSnapshot); the loop below is where it falls back to.
 */
export const CONFLICT_RETRIES_MAX = 8;

/** Every command carries the instant it happens at (the domain reads no clock). */
export interface TimedCommand {
  readonly now: string;
}

export interface CommandRequest<TCommand extends TimedCommand> {
  readonly streamId: string;
  /** Its `now` is the clock's instant; the loop moves it to the stream's last instant if that is later. */
  readonly command: TCommand;
  /** Metadata for the events: who, why, when (occurredAt: the clock's instant, moved with `now`). */
  readonly metadata: EventMetadata;
  readonly idempotencyKey?: string;
  /** Hash of the request body, so that a key reused with another body is refused. */
  readonly requestHash?: string;
}

export interface CommandOutcome<TState> {
  readonly state: TState;
  /** Position of the last event that produced this state; undefined for an empty stream. */
  readonly position: string | undefined;
  readonly revision: number;
  readonly appended: readonly NewEvent[];
  /** True when the command had already been handled under the same idempotency key. */
  readonly replayed: boolean;
}

export async function handleCommand<TCommand extends TimedCommand, TEvent extends DomainEvent, TState, TContext>(
  store: EventStore,
  decider: Decider<TCommand, TEvent, TState, TContext>,
  asked: CommandRequest<TCommand>,
  context: () => Promise<TContext> | TContext,
  snapshots?: StreamSnapshots<TState>,
): Promise<CommandOutcome<TState>> {
  if (snapshots) {
    const outcome = await fromSnapshot(store, decider, asked, context, snapshots);
    if (outcome) return outcome;
  }
  for (let attempt = 1; attempt <= CONFLICT_RETRIES_MAX; attempt++) {
    const history = await store.readStream(asked.streamId);
    const replay = asked.idempotencyKey ? replayOf(decider, history, asked) : undefined;
    if (replay) return replay;

    const state = fold(decider, history as unknown as TEvent[]);
    const last = history.at(-1);
    const keys = snapshots ? keysIn(history) : NO_KEYS;
    if (snapshots && last) snapshots.remember(asked.streamId, { state, revision: last.revision, position: last.position, occurredAt: last.metadata.occurredAt, idempotencyKeys: keys });
    const request = stampedAfter(asked, last?.metadata.occurredAt);
    const decided = decider.decide(request.command, state, await context());
    if (decided.length === 0) return { state, position: last?.position, revision: last?.revision ?? -1, appended: [], replayed: false };

    const events = decided.map((event, index) => toNewEvent(event, index, request));
    try {
      const result = await store.append(request.streamId, events, { expectedRevision: last ? last.revision : 'no_stream' });
      // Another copy of this keyed request appended the same deterministic ids first: the store
      // answered with that copy's events, not ours. Go round again: the next read finds the key and
      // answers with what was recorded (or refuses a different body), never with state this
      // attempt decided but did not write.
      if (result.duplicate) continue;
      return appended(decider, request, state, decided, events, result, snapshots, keys);
    } catch (error) {
      if (!(error instanceof WrongExpectedRevision)) throw error;
      await sleep(Math.random() * attempt * 4);
    }
  }
  throw new ConcurrencyConflict(asked.streamId, CONFLICT_RETRIES_MAX);
}

/**
 * The command decided on the stream's last known snapshot, without reading it. The append expects
 * the snapshot's revision, so it only succeeds if nothing was written since: then the snapshot was
 * the current state and the outcome is exactly what a fresh read would have given. Whatever else
 * happens (the stream moved on, the key was seen before, the decider refused or had nothing to
 * do) answers undefined, and the caller starts over from a full read: a refusal or a no-op must
 * stand on the current state too, and no write checks those.
 */
async function fromSnapshot<TCommand extends TimedCommand, TEvent extends DomainEvent, TState, TContext>(
  store: EventStore,
  decider: Decider<TCommand, TEvent, TState, TContext>,
  asked: CommandRequest<TCommand>,
  context: () => Promise<TContext> | TContext,
  snapshots: StreamSnapshots<TState>,
): Promise<CommandOutcome<TState> | undefined> {
  const snapshot = snapshots.get(asked.streamId);
  if (!snapshot || (asked.idempotencyKey !== undefined && snapshot.idempotencyKeys.has(asked.idempotencyKey))) return undefined;
  // If the append succeeds, the snapshot's last event is the stream's: the bound is exact.
  const request = stampedAfter(asked, snapshot.occurredAt);
  let decided: readonly TEvent[];
  try {
    decided = decider.decide(request.command, snapshot.state, await context());
  } catch (error) {
    if (error instanceof Rejected) return undefined;
    throw error;
  }
  if (decided.length === 0) return undefined;
  const events = decided.map((event, index) => toNewEvent(event, index, request));
  try {
    const result = await store.append(request.streamId, events, { expectedRevision: snapshot.revision });
    if (!result.duplicate) return appended(decider, request, snapshot.state, decided, events, result, snapshots, snapshot.idempotencyKeys);
  } catch (error) {
    if (!(error instanceof WrongExpectedRevision)) throw error;
  }
  snapshots.forget(request.streamId, snapshot.revision);
  return undefined;
}

/**
 * The outcome of a successful append, and the stream's next snapshot. The new state is folded from
 * the events as the store keeps them (JSON), so that it equals what a later read would fold.
 */
function appended<TEvent extends DomainEvent, TState>(
  decider: Pick<Decider<unknown, TEvent, TState, unknown>, 'evolve'>,
  request: CommandRequest<TimedCommand>,
  state: TState,
  decided: readonly TEvent[],
  events: readonly NewEvent[],
  result: AppendResult,
  snapshots: StreamSnapshots<TState> | undefined,
  keysBefore: ReadonlySet<string>,
): CommandOutcome<TState> {
  const next = foldAsStored(decider, state, decided);
  if (snapshots) {
    const idempotencyKeys = request.idempotencyKey === undefined ? keysBefore : new Set(keysBefore).add(request.idempotencyKey);
    snapshots.remember(request.streamId, { state: next, revision: result.nextExpectedRevision, position: result.position, occurredAt: request.metadata.occurredAt, idempotencyKeys });
  }
  return { state: next, position: result.position, revision: result.nextExpectedRevision, appended: events, replayed: false };
}

/**
 * `state` with `events` folded in as the store will give them back (JSON), so that the result
 * equals what a later read folds: no undefined fields, no negative zero.
 */
export function foldAsStored<TEvent extends DomainEvent, TState>(
  decider: Pick<Decider<unknown, TEvent, TState, unknown>, 'evolve'>,
  state: TState,
  events: readonly TEvent[],
): TState {
  return events.reduce((folded, event) => decider.evolve(folded, { ...event, data: JSON.parse(JSON.stringify(event.data)) as unknown }), state);
}

const NO_KEYS: ReadonlySet<string> = new Set();

function keysIn(history: readonly StoredEvent[]): ReadonlySet<string> {
  const keys = new Set<string>();
  for (const event of history) {
    const key = event.metadata.idempotencyKey;
    if (typeof key === 'string') keys.add(key);
  }
  return keys;
}

function replayOf<TEvent extends DomainEvent, TState>(
  decider: Pick<Decider<unknown, TEvent, TState, unknown>, 'initialState' | 'evolve'>,
  history: readonly StoredEvent[],
  request: CommandRequest<TimedCommand>,
): CommandOutcome<TState> | undefined {
  const index = history.findLastIndex((event) => event.metadata.idempotencyKey === request.idempotencyKey);
  if (index < 0) return undefined;
  const original = history[index];
  if (request.requestHash && original.metadata.requestHash !== request.requestHash) {
    throw new Rejected('IDEMPOTENCY_KEY_REUSED');
  }
  const upTo = history.slice(0, index + 1);
  return { state: fold(decider, upTo as unknown as TEvent[]), position: original.position, revision: original.revision, appended: [], replayed: true };
}

/**
 * The request at the instant it happens: the clock's, or the stream's last event's when that is
 * later. The command's `now` and the events' `occurredAt` move together, so what the decider
 * decided at is what the events say. An unreadable stored instant is verify's to report, not a
 * reason to refuse the command.
 */
export function stampedAfter<TCommand extends TimedCommand>(request: CommandRequest<TCommand>, previous: string | undefined): CommandRequest<TCommand> {
  const at = instantAfter(request.metadata.occurredAt, previous);
  if (at === request.metadata.occurredAt) return request;
  return { ...request, command: { ...request.command, now: at }, metadata: { ...request.metadata, occurredAt: at } };
}

/** The clock's instant, or the stream's last event's when that is later (a preview's instant too). */
export function instantAfter(clockInstant: string, previous: string | undefined): string {
  const clock = Date.parse(clockInstant);
  const floor = previous === undefined ? Number.NaN : Date.parse(previous);
  if (Number.isNaN(floor) || floor <= clock) return clockInstant;
  return new Date(floor).toISOString();
}

function toNewEvent(event: DomainEvent, index: number, request: CommandRequest<TimedCommand>): NewEvent {
  const metadata: EventMetadata = request.idempotencyKey
    ? { ...request.metadata, idempotencyKey: request.idempotencyKey, requestHash: request.requestHash }
    : request.metadata;
  return {
    id: request.idempotencyKey ? deterministicEventId(request.streamId, request.metadata.actor, request.idempotencyKey, index) : uuidV7(),
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata,
  };
}

/** A UUID (version 8, "custom") derived from the key: the same retry yields the same ids. */
export function deterministicEventId(streamId: string, actor: string, key: string, index: number): string {
  const hex = createHash('sha256').update(`${streamId}\n${actor}\n${key}\n${index}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
