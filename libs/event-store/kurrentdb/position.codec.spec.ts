// Proves that KurrentDB log positions survive the trip through the port's string and that string order is log order.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { InvalidPosition } from '../position';
import { comparePositions, decodePosition, encodePosition } from './position.codec';

const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
const position = fc.record({ commit: u64, prepare: u64 });

function logOrder(a: { commit: bigint; prepare: bigint }, b: { commit: bigint; prepare: bigint }): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

describe('KurrentDB position codec', () => {
  test('given any {commit, prepare}, when encoded and decoded, then it comes back unchanged', () => {
    fc.assert(fc.property(position, (p) => assert.deepEqual(decodePosition(encodePosition(p)), { commit: p.commit, prepare: p.prepare })));
  });

  test('given two positions, when encoded, then plain string order equals the log order (commit, then prepare)', () => {
    fc.assert(
      fc.property(position, position, (a, b) => {
        assert.equal(Math.sign(comparePositions(encodePosition(a), encodePosition(b))), logOrder(a, b));
      }),
    );
  });

  test('given a small and a large commit, when encoded, then the smaller sorts first despite fewer digits', () => {
    const small = encodePosition({ commit: 9n, prepare: 9n });
    const large = encodePosition({ commit: 10n, prepare: 0n });
    assert.equal(small, '0000000000000009-0000000000000009');
    assert.ok(small < large);
  });

  test('given text that is not a position, when decoded, then it is refused', () => {
    for (const bad of ['', 'abc', '0000000000000009', '0000000000000009-000000000000000G', '00000000000000009-0000000000000009', '0000000000000009-0000000000000009 ']) {
      assert.throws(() => decodePosition(bad), InvalidPosition, bad);
    }
  });

  test('given a part outside the unsigned 64-bit range, when encoded, then it is refused', () => {
    assert.throws(() => encodePosition({ commit: -1n, prepare: 0n }), RangeError);
    assert.throws(() => encodePosition({ commit: 0n, prepare: 1n << 64n }), RangeError);
  });
});
