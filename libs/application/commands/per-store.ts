import type { EventStore } from '../../event-store/event-store.port';

/**
 * Memoises what is built once per event store: caches that every command path of one process must
 * share (several command objects over the one store would otherwise each keep their own and fall
 * behind each other's writes), and that a second store, as in tests, must not see.
 */
export function perStore<T>(make: (store: EventStore) => T): (store: EventStore) => T {
  const built = new WeakMap<EventStore, T>();
  return (store) => {
    let value = built.get(store);
    if (value === undefined) {
      value = make(store);
      built.set(store, value);
    }
    return value;
  };
}
