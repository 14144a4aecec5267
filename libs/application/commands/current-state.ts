import type { Decider, DomainEvent } from '../../domain/decider';
import type { EventStore, StoredEvent } from '../../event-store/event-store.port';
import type { StreamSnapshots } from './stream-snapshots';

/**
 * A stream's state as the store has it now, for a caller that decides but never appends (a
 * preview). It starts from this process's snapshot when there is one and reads only the events
 * appended after it; otherwise it reads the whole stream. It remembers nothing: the snapshots
 * hold only states that the command loop itself proved current by a read or an append, and their
 * order of use is left as it was (StreamSnapshots.peek).
 */
export interface CurrentState<TState> {
  readonly state: TState;
  /** The last event's occurredAt: a command decided now happens no earlier (handle-command.ts). */
  readonly occurredAt: string | undefined;
}

export async function readCurrentState<TEvent extends DomainEvent, TState>(
  store: EventStore,
  decider: Pick<Decider<unknown, TEvent, TState, unknown>, 'initialState' | 'evolve'>,
  streamId: string,
  snapshots?: StreamSnapshots<TState>,
): Promise<CurrentState<TState>> {
  const foldOnto = (state: TState, events: readonly StoredEvent[]) => events.reduce((folded, event) => decider.evolve(folded, event as unknown as TEvent), state);
  const snapshot = snapshots?.peek(streamId);
  if (snapshot) {
    const tail = await store.readStream(streamId, { fromRevision: snapshot.revision + 1 });
    // Revisions have no gaps; a tail that does not follow the snapshot means it cannot be trusted.
    if (tail.length === 0 || tail[0].revision === snapshot.revision + 1) {
      return { state: foldOnto(snapshot.state, tail), occurredAt: tail.at(-1)?.metadata.occurredAt ?? snapshot.occurredAt };
    }
  }
  const history = await store.readStream(streamId);
  return { state: foldOnto(decider.initialState(), history), occurredAt: history.at(-1)?.metadata.occurredAt };
}
