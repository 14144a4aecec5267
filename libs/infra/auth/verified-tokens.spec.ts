/** The verified-token memory answers only within a token's validity and stays within its size. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { VerifiedTokens } from './verified-tokens';

const ADMIN = { sub: 'admin', role: 'admin' } as const;

describe('VerifiedTokens', () => {
  test('given a remembered token with exp, when asked one millisecond before exp, then it answers its principal', () => {
    const tokens = new VerifiedTokens(10);
    tokens.remember('t', ADMIN, { exp: 1_000 });

    assert.deepEqual(tokens.get('t', 999_999), ADMIN);
  });

  test('given a remembered token with exp, when asked at exp, then it answers nothing and forgets the token', () => {
    const tokens = new VerifiedTokens(10);
    tokens.remember('t', ADMIN, { exp: 1_000 });

    assert.equal(tokens.get('t', 1_000_000), undefined);
    assert.equal(tokens.size, 0);
  });

  test('given a remembered token with nbf, when asked before nbf, then it answers nothing', () => {
    const tokens = new VerifiedTokens(10);
    tokens.remember('t', ADMIN, { nbf: 500 });

    assert.equal(tokens.get('t', 499_999), undefined);
  });

  test('given a full memory, when another token is remembered, then the oldest one is forgotten', () => {
    const tokens = new VerifiedTokens(2);
    tokens.remember('first', ADMIN, {});
    tokens.remember('second', ADMIN, {});

    tokens.remember('third', ADMIN, {});

    assert.equal(tokens.size, 2);
    assert.equal(tokens.get('first', 0), undefined);
    assert.deepEqual(tokens.get('third', 0), ADMIN);
  });

  test('given a memory of size 0, when a token is remembered, then nothing is kept', () => {
    const tokens = new VerifiedTokens(0);

    tokens.remember('t', ADMIN, {});

    assert.equal(tokens.get('t', 0), undefined);
  });
});
