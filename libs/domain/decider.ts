import { rejectionSentence, type RejectionCode } from './rejections';

/**
 * The shape every aggregate in the domain takes: a pure `decide` that turns a command and the
 * current state into new events (or throws `Rejected`), and a pure `evolve` that folds one event
 * into the state. No I/O, no clock: the time a command happens at travels inside the command.
 */
export interface DomainEvent<TType extends string = string, TData = unknown> {
  readonly type: TType;
  readonly data: TData;
}

export interface Decider<TCommand, TEvent extends DomainEvent, TState, TContext = void> {
  readonly initialState: () => TState;
  readonly decide: (command: TCommand, state: TState, context: TContext) => readonly TEvent[];
  readonly evolve: (state: TState, event: TEvent) => TState;
}

/**
 * A business rule said no. Carries an UPPER_SNAKE code from the public contract (api.md), one of
 * those rejections.ts words for people, which the API turns into a 422 problem+json (400 for
 * VALIDATION_FAILED, naming `field`). `specifics` says what about this case broke the rule; the
 * message is the whole sentence a person reads. Never used for programmer errors: those are
 * assertions.
 */
export class Rejected extends Error {
  constructor(
    readonly code: RejectionCode,
    readonly specifics?: string,
    /** For VALIDATION_FAILED: the request field at fault. */
    readonly field?: string,
  ) {
    super(rejectionSentence(code, specifics));
    this.name = 'Rejected';
  }
}

/** An impossible state or event: a bug, not a rejection. Crashes the caller loudly. */
export class InvariantViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvariantViolation';
  }
}

export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InvariantViolation(message);
}

export function fold<TEvent extends DomainEvent, TState>(
  decider: Pick<Decider<unknown, TEvent, TState, unknown>, 'initialState' | 'evolve'>,
  events: Iterable<TEvent>,
): TState {
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  return state;
}
