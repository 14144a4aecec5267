import { NO_STREAM, StreamNotFoundError, WrongExpectedVersionError } from '@kurrent/kurrentdb-client';
import type { AppendStreamState, CurrentStreamState } from '@kurrent/kurrentdb-client';
import { WrongExpectedRevision } from '../event-store.port';
import type { ExpectedRevision } from '../event-store.port';

/**
 * Revisions, expected revisions and errors between the port and KurrentDB. KurrentDB counts
 * revisions as unsigned 64-bit bigints and says "no stream" with a constant; the port uses
 * numbers and -1.
 */

/** The port's revision for a KurrentDB one; a revision past 2^53 would lose digits, so it is refused. */
export function toPortRevision(revision: bigint): number {
  const value = Number(revision);
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`stream revision ${revision} is outside the port's range`);
  return value;
}

export function toKurrentRevision(revision: number): bigint {
  if (!Number.isSafeInteger(revision) || revision < 0) throw new RangeError(`not a stream revision: ${revision}`);
  return BigInt(revision);
}

/**
 * -1 for a stream that does not exist, as in WrongExpectedRevision.actual. Older servers report
 * "no stream" as the number -1 in an error header, and deleted streams as other negatives; to the
 * port all of them are a stream without events.
 */
export function revisionOfState(state: CurrentStreamState): number {
  return state === NO_STREAM || state < 0n ? -1 : toPortRevision(state);
}

export function stateOfRevision(actual: number): typeof NO_STREAM | bigint {
  return actual === -1 ? NO_STREAM : toKurrentRevision(actual);
}

/**
 * The stream state to append with, given what the caller expects and the revision just read.
 * Every append names the exact state it read, even for 'any' and 'exists', because the hash chain
 * of the new events was computed from that tip: appending on top of a different tip would break
 * the chain, so a concurrent writer must make the append fail and be redone.
 */
export function appendStreamState(streamId: string, expected: ExpectedRevision, actual: number): AppendStreamState {
  const matches =
    expected === 'any' ||
    (expected === 'exists' && actual >= 0) ||
    (expected === 'no_stream' && actual === -1) ||
    expected === actual;
  if (!matches) throw new WrongExpectedRevision(streamId, expected, actual);
  return stateOfRevision(actual);
}

/** Whether KurrentDB refused the append because the stream moved since it was read. */
export function isWrongExpectedVersion(error: unknown): error is WrongExpectedVersionError {
  return error instanceof WrongExpectedVersionError;
}

/** The port's error for KurrentDB's, carrying the stream's actual revision (-1: no stream). */
export function toWrongExpectedRevision(streamId: string, expected: ExpectedRevision, error: WrongExpectedVersionError): WrongExpectedRevision {
  return new WrongExpectedRevision(streamId, expected, revisionOfState(error.actualState));
}

/** Reading a stream that does not exist is an empty read for the port, not an error. */
export function isStreamNotFound(error: unknown): boolean {
  return error instanceof StreamNotFoundError;
}
