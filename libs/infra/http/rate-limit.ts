import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Role, TokenService } from '../auth/auth';
import type { RateLimits } from '../config/config';
import { Problem } from './problem';
import { sendProblem } from './problem.filter';

/**
 * A per-minute allowance per caller (api.md: 429 with Retry-After), as a token bucket: a caller may
 * burst up to the whole minute's allowance, which then refills evenly. The caller is the verified
 * token's `sub`, and its allowance is its role's (RATE_LIMIT_VENDOR_PER_MINUTE, …_FINANCE_…,
 * …_ADMIN_…): a vendor's app needs little, a finance script walking every account a lot. Requests
 * without a valid token share their IP's bucket (RATE_LIMIT_PER_MINUTE), so that minting random
 * unsigned tokens does not buy fresh allowances. Health probes are never limited: a balancer
 * polling readiness must not take a healthy instance out.
 */
export interface RateLimitOptions {
  readonly perMinute: RateLimits;
  readonly tokens: TokenService;
  /** Injected for tests; milliseconds. */
  readonly now?: () => number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Past this many callers, buckets that have refilled completely are forgotten. */
const BUCKETS_SOFT_MAX = 50_000;
const UNLIMITED_PATHS = /^\/health(\/|$|\?)/;

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly refillPerMs: number;

  constructor(
    private readonly capacity: number,
    private readonly now: () => number = Date.now,
  ) {
    this.refillPerMs = capacity / 60_000;
  }

  /** Takes one token; answers 0 when allowed, else the whole seconds until one is available. */
  take(key: string): number {
    const now = this.now();
    const bucket = this.refilled(key, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.refillPerMs / 1000));
  }

  private refilled(key: string, now: number): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= BUCKETS_SOFT_MAX) this.forgetFull(now);
      bucket = { tokens: this.capacity, updatedAt: now };
      this.buckets.set(key, bucket);
      return bucket;
    }
    bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs);
    bucket.updatedAt = now;
    return bucket;
  }

  private forgetFull(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs >= this.capacity) this.buckets.delete(key);
    }
  }
}

type CallerClass = Role | 'anonymous';

export function installRateLimit(fastify: FastifyInstance, options: RateLimitOptions): void {
  const classes: CallerClass[] = ['vendor', 'finance', 'admin', 'anonymous'];
  const buckets = new Map(classes.map((name) => [name, new TokenBuckets(options.perMinute[name], options.now)]));
  const limit = (reply: FastifyReply, caller: Caller): boolean => {
    const retryAfter = (buckets.get(caller.class) as TokenBuckets).take(caller.key);
    if (retryAfter === 0) return false;
    const allowance = options.perMinute[caller.class];
    const who = caller.class === 'anonymous' ? 'Requests without a valid token from this address' : `A ${caller.class} token`;
    sendProblem(reply, new Problem(429, 'RATE_LIMITED', `${who} may make ${allowance} requests a minute, and this one is over. Retry in ${retryAfter} s (Retry-After).`, undefined, { 'retry-after': String(retryAfter) }));
    return true;
  };
  // A callback hook: a caller whose token verified before is named at once, and only a token not
  // seen yet waits for its verification. Answering without calling `done` ends the request here.
  fastify.addHook('onRequest', (request, reply, done) => {
    if (UNLIMITED_PATHS.test(request.url)) {
      done();
      return;
    }
    const known = rememberedCaller(request, options.tokens);
    if (known) {
      if (!limit(reply, known)) done();
      return;
    }
    callerOf(request, options.tokens).then((caller) => {
      if (!limit(reply, caller)) done();
    }, done);
  });
}

interface Caller {
  readonly class: CallerClass;
  readonly key: string;
}

function rememberedCaller(request: FastifyRequest, tokens: TokenService): Caller | undefined {
  const header = request.headers.authorization;
  const principal = typeof header === 'string' && header.startsWith('Bearer ') ? tokens.remembered(header.slice('Bearer '.length)) : undefined;
  return principal && { class: principal.role, key: `sub:${principal.sub}` };
}

async function callerOf(request: FastifyRequest, tokens: TokenService): Promise<Caller> {
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) {
    try {
      const principal = await tokens.verify(header.slice('Bearer '.length));
      return { class: principal.role, key: `sub:${principal.sub}` };
    } catch {
      // An invalid token is no identity: it counts against the IP like no token at all.
    }
  }
  return { class: 'anonymous', key: `ip:${request.ip}` };
}
