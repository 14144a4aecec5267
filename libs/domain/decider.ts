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

/** One invalid input: the field it is in (a JSON path such as `amountOff.amount`) and what would be accepted. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * A business rule said no. Carries an UPPER_SNAKE code from the public contract (api.md), one of
 * those rejections.ts words for people, which the API turns into a 422 problem+json (400 for
 * VALIDATION_FAILED, 404 for a thing that does not exist). `specifics` says what about this case
 * broke the rule; the message is the whole sentence a person reads. Never used for programmer
 * errors: those are assertions.
 *
 * A VALIDATION_FAILED names the request fields at fault, which the API answers as `errors`: one
 * field whose message is the specifics (`new Rejected('VALIDATION_FAILED', 'tier must be …',
 * 'tier')`), or several, each with its own message (`rejectInvalid(problems)`).
 */
export class Rejected extends Error {
  /** The request fields at fault, each with what it accepts; empty unless VALIDATION_FAILED. */
  readonly errors: readonly FieldProblem[];

  constructor(
    readonly code: RejectionCode,
    readonly specifics?: string,
    fields?: string | readonly FieldProblem[],
  ) {
    super(rejectionSentence(code, specifics));
    this.name = 'Rejected';
    this.errors = typeof fields === 'string' ? [{ field: fields, message: specifics ?? `${fields} is not valid` }] : (fields ?? []);
  }
}

/** Refuses input with every field problem found, or does nothing when there is none. */
export function rejectInvalid(errors: readonly FieldProblem[]): void {
  if (errors.length === 0) return;
  throw new Rejected('VALIDATION_FAILED', errors.map((error) => `${error.field}: ${error.message}`).join('; '), errors);
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
