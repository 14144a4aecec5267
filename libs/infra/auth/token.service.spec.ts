/** The token service remembers verified tokens without ever accepting one jose would refuse. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT } from 'jose';
import { Problem } from '../http/problem';
import { TokenService } from './token.service';

const SECRET = 'token-service-spec-secret-long-enough-0123456789';
const START_MS = Date.parse('2026-03-01T00:00:00.000Z');

function manualClock(startMs = START_MS) {
  let now = startMs;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

async function refusal(work: Promise<unknown>): Promise<Problem> {
  const error = await work.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  assert.ok(error instanceof Problem, 'expected a Problem');
  return error;
}

describe('TokenService', () => {
  test('given a token it minted, when verified twice, then both answers name the same principal', async () => {
    const clock = manualClock();
    const tokens = new TokenService(SECRET, { now: clock.now });
    const token = await tokens.mint({ sub: 'vendor-1', role: 'vendor', accountId: 'acc-1' }, 60);

    const first = await tokens.verify(token);
    const second = await tokens.verify(token);

    assert.deepEqual(first, { sub: 'vendor-1', role: 'vendor', accountId: 'acc-1' });
    assert.deepEqual(second, first);
  });

  test('given a token already verified, when the clock passes its expiry, then it is refused as expired', async () => {
    const clock = manualClock();
    const tokens = new TokenService(SECRET, { now: clock.now });
    const token = await tokens.mint({ sub: 'finance-1', role: 'finance' }, 60);
    await tokens.verify(token);

    clock.advance(60_000);
    const problem = await refusal(tokens.verify(token));

    assert.equal(problem.status, 401);
    assert.equal(problem.message, 'The bearer token has expired. Ask for a new token.');
  });

  test('given a token already verified, when one second of its life remains, then it is still accepted', async () => {
    const clock = manualClock();
    const tokens = new TokenService(SECRET, { now: clock.now });
    const token = await tokens.mint({ sub: 'finance-1', role: 'finance' }, 60);
    await tokens.verify(token);

    clock.advance(59_999);

    assert.equal((await tokens.verify(token)).sub, 'finance-1');
  });

  test('given a verified token, when its signature is altered, then the altered token is refused', async () => {
    const tokens = new TokenService(SECRET, { now: manualClock().now });
    const token = await tokens.mint({ sub: 'admin', role: 'admin' }, 60);
    await tokens.verify(token);

    const [header, payload, signature] = token.split('.');
    const altered = `${header}.${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    const problem = await refusal(tokens.verify(altered));

    assert.equal(problem.status, 401);
    assert.equal(problem.message, 'The bearer token is not one this ledger issued (its signature or claims do not verify). Ask for a new token.');
  });

  test('given a token signed with another secret, when verified, then it is refused', async () => {
    const other = new TokenService('another-secret-that-is-long-enough-0123456789', { now: manualClock().now });
    const forged = await other.mint({ sub: 'admin', role: 'admin' }, 60);

    const problem = await refusal(new TokenService(SECRET, { now: manualClock().now }).verify(forged));

    assert.equal(problem.status, 401);
  });

  test('given a token whose nbf lies ahead, when verified, then it is refused until that instant', async () => {
    const clock = manualClock();
    const tokens = new TokenService(SECRET, { now: clock.now });
    const nbf = Math.floor(START_MS / 1000) + 30;
    const token = await new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject('admin').setNotBefore(nbf).sign(new TextEncoder().encode(SECRET));

    await refusal(tokens.verify(token));
    clock.advance(30_000);

    assert.equal((await tokens.verify(token)).role, 'admin');
  });

  test('given a verified principal, when a caller tries to change it, then the remembered one stays as it was', async () => {
    const tokens = new TokenService(SECRET, { now: manualClock().now });
    const token = await tokens.mint({ sub: 'vendor-1', role: 'vendor', accountId: 'acc-1' }, 60);
    const principal = await tokens.verify(token);

    assert.throws(() => Object.assign(principal, { role: 'admin' }), TypeError);

    assert.equal((await tokens.verify(token)).role, 'vendor');
  });
});
