// Proves that the fast canonical JSON and content hash give byte for byte what the first, simple
// versions gave, so every chain stored before the rewrite still verifies.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { NewEvent } from './event-store.port';
import { canonicalJson, contentHash } from './hash-chain';

// The generated metadata is arbitrary JSON, not the port's shape: the hash must not care.
const hashOf = (event: object): string => contentHash(event as unknown as NewEvent);

/** The first implementation, kept verbatim as the reference. */
function referenceCanonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('non-finite number in event');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(referenceCanonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${referenceCanonicalJson(v)}`).join(',')}}`;
}

function referenceContentHash(event: { id: string; type: string; data: unknown; metadata: Record<string, unknown> }): string {
  const { prevHash: _prev, hash: _hash, ...rest } = event.metadata;
  const text = referenceCanonicalJson({ id: event.id, type: event.type, data: event.data, metadata: rest });
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

// Keys from the whole UTF-16 range (lone surrogates included) and the usual short ASCII names.
const key = fc.oneof(fc.string({ unit: 'binary', maxLength: 6 }), fc.string({ maxLength: 4 }), fc.constantFrom('a', 'b', '10', '9', '__proto__', 'hash', 'prevHash'));
const number = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(-0, 1e21, 5e-324, Number.MAX_SAFE_INTEGER));
const { json } = fc.letrec<{ json: unknown }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    number,
    fc.string({ unit: 'binary' }),
    fc.array(fc.oneof(tie('json'), fc.constant(undefined)), { maxLength: 5 }),
    fc.dictionary(key, fc.oneof(tie('json'), fc.constant(undefined)), { maxKeys: 6 }),
  ),
}));
const event = fc.record({
  id: fc.uuid(),
  type: fc.string({ unit: 'grapheme' }),
  data: fc.dictionary(key, json),
  metadata: fc.dictionary(key, json),
});

describe('canonicalJson', () => {
  test('given any JSON-like value, when serialised, then the text equals the reference implementation', () => {
    fc.assert(fc.property(json, (value) => assert.equal(canonicalJson(value), referenceCanonicalJson(value))), { numRuns: 2000 });
  });

  test('given keys inserted out of order, when serialised, then they come out sorted by UTF-16 code units', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [1, { y: null, x: 'é' }], c: undefined }, Z: true, é: 2 }), '{"Z":true,"a":{"d":[1,{"x":"é","y":null}]},"b":1,"é":2}');
  });

  test('given an array with an undefined item, when serialised, then the slot stays empty as before', () => {
    assert.equal(canonicalJson([1, undefined, 2]), referenceCanonicalJson([1, undefined, 2]));
    assert.equal(canonicalJson([1, undefined, 2]), '[1,,2]');
  });

  test('given parsed JSON with an own __proto__ key (as a request body may be), when serialised, then it matches the reference', () => {
    const body: unknown = JSON.parse('{"b":{"__proto__":{"x":1},"a":[]},"__proto__":null}');
    assert.equal(canonicalJson(body), referenceCanonicalJson(body));
    assert.equal(canonicalJson(body), '{"__proto__":null,"b":{"__proto__":{"x":1},"a":[]}}');
  });

  test('given a non-finite number anywhere, when serialised, then it is refused', () => {
    assert.throws(() => canonicalJson({ a: [Number.POSITIVE_INFINITY] }), TypeError);
    assert.throws(() => canonicalJson(Number.NaN), TypeError);
  });
});

describe('contentHash', () => {
  test('given any event, when hashed, then the hash equals the reference (the chain fields of the metadata left out)', () => {
    fc.assert(fc.property(event, (e) => assert.equal(hashOf(e), referenceContentHash(e))), { numRuns: 1000 });
  });

  test('given metadata that already carries prevHash and hash, when hashed, then they do not change the hash', () => {
    const base = { id: '018f0000-0000-7000-8000-000000000000', type: 'X', data: { n: 1 }, metadata: { actor: 'a' } };
    assert.equal(hashOf({ ...base, metadata: { ...base.metadata, prevHash: 'p', hash: 'h' } }), hashOf(base));
  });
});
