import { webcrypto } from 'node:crypto';
import { jwtVerify, SignJWT, errors as joseErrors } from 'jose';
import { Problem } from '../http/problem';
import { ROLES, type Principal, type Role } from './principal';
import { VerifiedTokens } from './verified-tokens';

/**
 * Mints and verifies the API's bearer JWTs (HS256 over JWT_SECRET). Every request is verified
 * twice (the rate limiter names the caller by its token, then the guard authorises it), and
 * WebCrypto's HMAC was an eighth of the API's CPU in the HTTP benchmark, most of it importing the
 * raw secret as a key on every call. So the key is imported once, and a token that verified is
 * remembered (verified-tokens.ts) until its own expiry.
 */
export interface TokenServiceOptions {
  /** Wall clock in milliseconds; tests inject one. jose and the cache both judge `exp` by it. */
  readonly now?: () => number;
  /** How many verified tokens are remembered; 0 verifies every time. */
  readonly cacheSize?: number;
}

const CACHE_SIZE_DEFAULT = 10_000;

export class TokenService {
  private readonly secret: Uint8Array<ArrayBuffer>;
  private key: Promise<webcrypto.CryptoKey> | undefined;
  private readonly verified: VerifiedTokens;
  private readonly now: () => number;

  constructor(secret: string, options: TokenServiceOptions = {}) {
    this.secret = new TextEncoder().encode(secret);
    this.now = options.now ?? Date.now;
    this.verified = new VerifiedTokens(options.cacheSize ?? CACHE_SIZE_DEFAULT);
  }

  async mint(principal: Principal, ttlSeconds = 3600): Promise<string> {
    const claims: Record<string, string> = { role: principal.role };
    if (principal.accountId) claims.accountId = principal.accountId;
    const issuedAt = Math.floor(this.now() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(principal.sub)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + ttlSeconds)
      .sign(await this.cryptoKey());
  }

  /** The principal of a token that verified before and is still valid, without waiting; else undefined. */
  remembered(token: string): Principal | undefined {
    return this.verified.get(token, this.now());
  }

  async verify(token: string): Promise<Principal> {
    const now = this.now();
    const known = this.verified.get(token, now);
    if (known) return known;
    try {
      const { payload } = await jwtVerify(token, await this.cryptoKey(), { algorithms: ['HS256'], currentDate: new Date(now) });
      const role = payload.role;
      if (typeof payload.sub !== 'string' || !ROLES.includes(role as Role)) throw new Problem(401, 'UNAUTHENTICATED', 'The bearer token has no sub or no known role (vendor, finance or admin). Ask for a new token.');
      if (role === 'vendor' && typeof payload.accountId !== 'string') throw new Problem(401, 'UNAUTHENTICATED', 'The vendor token names no accountId. Ask for a new token that names the account.');
      const principal: Principal = Object.freeze({ sub: payload.sub, role: role as Role, accountId: typeof payload.accountId === 'string' ? payload.accountId : undefined });
      this.verified.remember(token, principal, payload);
      return principal;
    } catch (error) {
      if (error instanceof Problem) throw error;
      const expired = error instanceof joseErrors.JWTExpired;
      throw new Problem(401, 'UNAUTHENTICATED', expired ? 'The bearer token has expired. Ask for a new token.' : 'The bearer token is not one this ledger issued (its signature or claims do not verify). Ask for a new token.');
    }
  }

  /** The secret as a WebCrypto key, imported on first use; jose would import it on every call. */
  private cryptoKey(): Promise<webcrypto.CryptoKey> {
    this.key ??= webcrypto.subtle.importKey('raw', this.secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    return this.key;
  }
}
