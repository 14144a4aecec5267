/** The UUIDv7 generator makes well-formed, unique ids that sort in the order they were made. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { uuidV7 } from './uuid-v7';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidV7', () => {
  test('given the time now, when an id is made, then it is a version 7, variant 10 UUID', () => {
    assert.match(uuidV7(), V7);
  });

  test('given an instant, when an id is made at it, then its first 48 bits are that instant in milliseconds', () => {
    const at = Date.parse('2030-01-02T03:04:05.678Z');

    const id = uuidV7(at);

    assert.equal(parseInt(id.slice(0, 8) + id.slice(9, 13), 16), at);
  });

  test('given one millisecond, when 5 000 ids are made in it, then they are distinct, well formed and in order', () => {
    const at = Date.parse('2031-01-01T00:00:00.000Z');

    const ids = Array.from({ length: 5_000 }, () => uuidV7(at));

    assert.equal(new Set(ids).size, ids.length);
    assert.ok(ids.every((id) => V7.test(id)));
    assert.deepEqual([...ids].sort(), ids);
  });

  test('given a clock that steps back, when ids are made, then they still sort in the order they were made', () => {
    const at = Date.parse('2032-01-01T00:00:00.000Z');

    const ids = [uuidV7(at), uuidV7(at - 1_000), uuidV7(at - 2_000)];

    assert.deepEqual([...ids].sort(), ids);
  });

  test('given many ids, when made across milliseconds, then none repeats', () => {
    const ids = Array.from({ length: 20_000 }, () => uuidV7());

    assert.equal(new Set(ids).size, ids.length);
  });
});
