import assert from 'node:assert/strict';
import { fold, Rejected, type Decider, type DomainEvent } from '../decider';

/**
 * A small DeciderSpecification: given past events, when a command is decided, then exactly these
 * events (or a rejection with this code). `thenMatch` compares only the fields a test names, for
 * events whose other fields (ids, long decimal strings) the test does not care about.
 */
export type Partial<T> = T extends readonly (infer U)[] ? readonly Partial<U>[] : T extends object ? { readonly [K in keyof T]?: Partial<T[K]> } : T;

export interface ThenClause<TEvent extends DomainEvent, TState> {
  then(expected: readonly TEvent[]): void;
  thenMatch(expected: readonly { type: TEvent['type']; data?: Partial<TEvent['data']> }[]): TEvent[];
  thenRejects(code: string): void;
  thenState(check: (state: TState, events: readonly TEvent[]) => void): void;
  events(): TEvent[];
}

function isSubset(actual: unknown, expected: unknown, path: string): void {
  if (expected === null || typeof expected !== 'object') {
    assert.deepEqual(actual, expected, `at ${path}`);
    return;
  }
  assert.ok(actual !== null && typeof actual === 'object', `at ${path}: expected an object, got ${JSON.stringify(actual)}`);
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `at ${path}: expected an array`);
    assert.equal(actual.length, expected.length, `at ${path}: array length`);
  }
  for (const [key, value] of Object.entries(expected)) isSubset((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
}

export function matchEvents<TEvent extends DomainEvent>(actual: readonly TEvent[], expected: readonly { type: string; data?: unknown }[]): void {
  assert.deepEqual(actual.map((event) => event.type), expected.map((event) => event.type), 'event types');
  expected.forEach((event, index) => {
    if (event.data !== undefined) isSubset(actual[index].data, event.data, `${event.type}[${index}].data`);
  });
}

export function deciderSpecification<TCommand, TEvent extends DomainEvent, TState, TContext>(
  decider: Decider<TCommand, TEvent, TState, TContext>,
  context: () => TContext,
) {
  return {
    given(history: readonly TEvent[]) {
      const state = fold(decider, history);
      return {
        when(command: TCommand): ThenClause<TEvent, TState> {
          const run = (): TEvent[] => [...decider.decide(command, state, context())];
          return {
            then: (expected) => assert.deepEqual(run(), expected),
            thenMatch: (expected) => {
              const events = run();
              matchEvents(events, expected);
              return events;
            },
            thenRejects: (code) =>
              assert.throws(run, (error: unknown) => {
                assert.ok(error instanceof Rejected, `expected Rejected(${code}), got ${String(error)}`);
                assert.equal(error.code, code);
                return true;
              }),
            thenState: (check) => {
              const events = run();
              check(events.reduce(decider.evolve, state), events);
            },
            events: run,
          };
        },
      };
    },
  };
}
