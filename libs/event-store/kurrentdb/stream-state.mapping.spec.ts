// Proves the mapping of revisions, expected revisions and KurrentDB's errors onto the port's terms.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { NO_STREAM, STREAM_EXISTS, StreamNotFoundError, UnavailableError, WrongExpectedVersionError } from '@kurrent/kurrentdb-client';
import { WrongExpectedRevision } from '../event-store.port';
import type { ExpectedRevision } from '../event-store.port';
import {
  appendStreamState, isStreamNotFound, isWrongExpectedVersion, revisionOfState, stateOfRevision, toKurrentRevision, toPortRevision, toWrongExpectedRevision,
} from './stream-state.mapping';

describe('revisions', () => {
  test('given any safe revision, when converted to KurrentDB and back, then it is unchanged', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (revision) => assert.equal(toPortRevision(toKurrentRevision(revision)), revision)));
  });

  test('given a KurrentDB revision past 2^53, when converted for the port, then it is refused rather than rounded', () => {
    assert.throws(() => toPortRevision(2n ** 53n), RangeError);
  });

  test('given a negative or fractional port revision, when converted for KurrentDB, then it is refused', () => {
    assert.throws(() => toKurrentRevision(-1), RangeError);
    assert.throws(() => toKurrentRevision(1.5), RangeError);
  });

  test('given "no stream" in any of its forms, when mapped, then the port sees -1', () => {
    assert.equal(revisionOfState(NO_STREAM), -1);
    assert.equal(revisionOfState(-1n), -1);
    assert.equal(revisionOfState(7n), 7);
    assert.equal(stateOfRevision(-1), NO_STREAM);
    assert.equal(stateOfRevision(7), 7n);
  });
});

describe('expected revision to stream state', () => {
  const cases: Array<[ExpectedRevision, number, ReturnType<typeof appendStreamState>]> = [
    ['no_stream', -1, NO_STREAM],
    ['any', -1, NO_STREAM],
    ['any', 4, 4n],
    ['exists', 0, 0n],
    [3, 3, 3n],
  ];
  for (const [expected, actual, state] of cases) {
    test(`given expected ${String(expected)} and a stream at ${actual}, when appending, then the stream state is ${String(state)}`, () => {
      assert.equal(appendStreamState('account-1', expected, actual), state);
    });
  }

  const mismatches: Array<[ExpectedRevision, number]> = [['no_stream', 0], ['exists', -1], [3, 4], [3, -1], [0, -1]];
  for (const [expected, actual] of mismatches) {
    test(`given expected ${String(expected)} and a stream at ${actual}, when appending, then WrongExpectedRevision carries ${actual}`, () => {
      assert.throws(() => appendStreamState('account-1', expected, actual), (error: unknown) => {
        assert.ok(error instanceof WrongExpectedRevision);
        assert.equal(error.actual, actual);
        assert.equal(error.expected, expected);
        assert.equal(error.streamId, 'account-1');
        return true;
      });
    });
  }
});

describe('errors', () => {
  test("given KurrentDB's WrongExpectedVersionError for a missing stream, when mapped, then actual is -1", () => {
    const error = new WrongExpectedVersionError(undefined, { streamName: 'account-1', expected: STREAM_EXISTS, current: NO_STREAM });
    assert.ok(isWrongExpectedVersion(error));
    const mapped = toWrongExpectedRevision('account-1', 'exists', error);
    assert.ok(mapped instanceof WrongExpectedRevision);
    assert.equal(mapped.actual, -1);
    assert.equal(mapped.expected, 'exists');
  });

  test("given KurrentDB's WrongExpectedVersionError for a stream at 5, when mapped, then actual is 5", () => {
    const error = new WrongExpectedVersionError(undefined, { streamName: 'account-1', expected: 2n, current: 5n });
    assert.equal(toWrongExpectedRevision('account-1', 2, error).actual, 5);
  });

  test('given other errors, when classified, then they are neither a conflict nor a missing stream', () => {
    const other = new UnavailableError();
    assert.equal(isWrongExpectedVersion(other), false);
    assert.equal(isStreamNotFound(other), false);
    assert.equal(isStreamNotFound(new Error('stream not found')), false);
  });

  test("given KurrentDB's StreamNotFoundError, when classified, then it is a missing stream", () => {
    assert.ok(isStreamNotFound(new StreamNotFoundError(undefined, 'account-1')));
  });
});
