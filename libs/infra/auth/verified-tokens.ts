import type { Principal } from './principal';

/**
 * Tokens whose signature and claims have already been checked, with the principal they carry.
 * A JWT is immutable: the same string under the same secret verifies the same way every time,
 * except for its time claims, so a hit re-checks `exp` and `nbf` against the clock exactly as
 * jose does (whole seconds, no tolerance) and forgets the token once it is outside them. Only
 * tokens that verified are kept, so a client sending forged tokens cannot fill the cache; its size
 * is bounded all the same, the oldest entry making way for a new one.
 */
interface VerifiedToken {
  readonly principal: Principal;
  /** Milliseconds; the token is expired from this instant on (`exp` ≤ now in whole seconds). */
  readonly expiresAtMs: number;
  /** Milliseconds; the token is not valid before this instant (`nbf` > now in whole seconds). */
  readonly validFromMs: number;
}

export class VerifiedTokens {
  private readonly entries = new Map<string, VerifiedToken>();

  constructor(private readonly capacity: number) {}

  get(token: string, nowMs: number): Principal | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (nowMs >= entry.expiresAtMs || nowMs < entry.validFromMs) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.principal;
  }

  remember(token: string, principal: Principal, claims: { readonly exp?: number; readonly nbf?: number }): void {
    if (this.capacity <= 0) return;
    if (this.entries.size >= this.capacity && !this.entries.has(token)) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(token, {
      principal,
      expiresAtMs: claims.exp === undefined ? Number.POSITIVE_INFINITY : claims.exp * 1000,
      validFromMs: claims.nbf === undefined ? Number.NEGATIVE_INFINITY : claims.nbf * 1000,
    });
  }

  get size(): number {
    return this.entries.size;
  }
}
