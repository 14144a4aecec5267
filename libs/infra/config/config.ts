import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The service's whole configuration, read once from the environment and validated. A bad value
 * stops the start with a message that names the variable (api.md, "Configuration").
 */
export interface AppConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** Undefined: start the embedded PostgreSQL in dataDir. */
  readonly databaseUrl: string | undefined;
  readonly embeddedDatabasePort: number;
  readonly eventStore: 'postgres' | 'kurrentdb';
  readonly kurrentdbUrl: string | undefined;
  readonly kafkaBrokers: readonly string[];
  readonly kafkaTopic: string;
  readonly kafkaIdempotentProducer: boolean;
  readonly jwtSecret: string;
  readonly jwtSecretSource: 'environment' | 'generated' | 'data-dir';
  readonly clock: 'system' | 'manual';
  readonly stripeSecretKey: string | undefined;
  readonly stripeWebhookSecret: string | undefined;
  readonly stripeApiBase: string | undefined;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly bodyLimitBytes: number;
  /** Requests a minute per caller, by the caller's role; `anonymous` is per IP, for requests without a valid token. */
  readonly rateLimitPerMinute: RateLimits;
  /** A request (headers and body) must arrive within this; a client trickling bytes is cut off. */
  readonly requestTimeoutMs: number;
  /** This worker's part of the accounts for due work when several workers split it: `index` of `count` (0-based here, 1-based in WORKER_SHARE). */
  readonly workerShare: { readonly index: number; readonly count: number };
  /** Which of the feed's followers this worker runs (WORKER_FOLLOWS): the read models, the payment collector, the notifications (webhooks and email); all by default. */
  readonly workerFollows: ReadonlyArray<WorkerFollower>;
  /** Webhook endpoints on loopback and private addresses are allowed (local setups and tests only). */
  readonly webhookAllowPrivate: boolean;
  /** `smtp://user:pass@host:port` or `smtps://…`; without it emails are written to DATA_DIR/outbox. */
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  /** The seller printed on invoices; undefined only outside production (seller()). */
  readonly seller: SellerConfig | undefined;
}

export interface SellerConfig {
  readonly name: string;
  /** The postal address, one entry per line. */
  readonly addressLines: readonly string[];
  /** VAT or other tax registration number. */
  readonly taxId: string;
}

export interface RateLimits {
  readonly vendor: number;
  readonly finance: number;
  readonly admin: number;
  readonly anonymous: number;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, problem: string) {
    super(`configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got ${JSON.stringify(raw)}`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(raw)}`);
  return raw as T;
}

function url(env: Env, name: string, schemes: readonly string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, 'is not a valid URL');
  }
  if (!schemes.includes(parsed.protocol.replace(/:$/, ''))) throw new ConfigError(name, `must use ${schemes.join(' or ')}`);
  return raw;
}

/** JWT_SECRET, or one generated into DATA_DIR on first start and reused afterwards. */
function jwtSecret(env: Env, dataDir: string): Pick<AppConfig, 'jwtSecret' | 'jwtSecretSource'> {
  const fromEnv = env.JWT_SECRET;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (fromEnv.length < 32) throw new ConfigError('JWT_SECRET', 'must be at least 32 characters');
    return { jwtSecret: fromEnv, jwtSecretSource: 'environment' };
  }
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return { jwtSecret: readFileSync(file, 'utf8').trim(), jwtSecretSource: 'data-dir' };
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return { jwtSecret: secret, jwtSecretSource: 'generated' };
}

/** WORKER_SHARE=k/n: this worker runs the due work of the k-th of n parts of the accounts. */
function workerShare(env: Env): AppConfig['workerShare'] {
  const raw = env.WORKER_SHARE;
  if (raw === undefined || raw === '') return { index: 0, count: 1 };
  const match = /^(\d{1,3})\/(\d{1,3})$/.exec(raw);
  const [part, parts] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
  if (!match || part < 1 || parts < 1 || part > parts) throw new ConfigError('WORKER_SHARE', `must be k/n with 1 ≤ k ≤ n (e.g. 1/2), got ${JSON.stringify(raw)}`);
  return { index: part - 1, count: parts };
}

export const WORKER_FOLLOWERS = ['read-models', 'collector', 'notifications'] as const;
export type WorkerFollower = (typeof WORKER_FOLLOWERS)[number];

/** WORKER_FOLLOWS=read-models,collector,notifications (the default), some of them, or none (due work only). */
function workerFollows(env: Env): AppConfig['workerFollows'] {
  const raw = env.WORKER_FOLLOWS;
  if (raw === undefined) return WORKER_FOLLOWERS;
  const names = raw.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.find((name) => !(WORKER_FOLLOWERS as readonly string[]).includes(name));
  if (unknown !== undefined) throw new ConfigError('WORKER_FOLLOWS', `lists ${JSON.stringify(unknown)}; expected some of ${WORKER_FOLLOWERS.join(', ')}, comma-separated, or nothing`);
  return names as WorkerFollower[];
}

/** SMTP_URL and MAIL_FROM: a server needs a sender, and a sender alone means nothing. */
function mail(env: Env): Pick<AppConfig, 'smtpUrl' | 'mailFrom'> {
  const smtpUrl = url(env, 'SMTP_URL', ['smtp', 'smtps']);
  const from = env.MAIL_FROM || undefined;
  if (smtpUrl && !from) throw new ConfigError('MAIL_FROM', 'is required when SMTP_URL is set (the address emails are sent from)');
  if (from !== undefined && !/^[^\s@<>]+@[^\s@<>]+$|^[^<>]*<[^\s@<>]+@[^\s@<>]+>$/.test(from)) {
    throw new ConfigError('MAIL_FROM', `must be an address such as billing@example.com or "Billing <billing@example.com>", got ${JSON.stringify(from)}`);
  }
  return { smtpUrl, mailFrom: from ?? 'Billing <billing@localhost>' };
}

const SELLER_VARIABLES = ['SELLER_NAME', 'SELLER_ADDRESS', 'SELLER_TAX_ID'] as const;

/**
 * SELLER_NAME, SELLER_ADDRESS and SELLER_TAX_ID come together or not at all. A production start
 * (NODE_ENV=production) without them is refused: an invoice that does not name its seller and the
 * seller's tax number is not a valid tax invoice, and it would go out by email. Elsewhere (a local
 * `npm start`, tests) they may be left out and documents say that the seller is not configured.
 * SELLER_ADDRESS separates its lines with newlines (or the two characters \n).
 */
function seller(env: Env): SellerConfig | undefined {
  const present = SELLER_VARIABLES.filter((name) => (env[name] ?? '').trim() !== '');
  if (present.length === 0) {
    if (env.NODE_ENV === 'production') throw new ConfigError('SELLER_NAME', `is required in production (NODE_ENV=production), with ${SELLER_VARIABLES.slice(1).join(' and ')}: every invoice names its seller and the seller's tax number`);
    return undefined;
  }
  const missing = SELLER_VARIABLES.filter((name) => !present.includes(name));
  if (missing.length > 0) throw new ConfigError(missing[0], `must be set too: ${SELLER_VARIABLES.join(', ')} go together (${present.join(', ')} ${present.length === 1 ? 'is' : 'are'} set)`);
  const text = (name: (typeof SELLER_VARIABLES)[number], max: number) => {
    const value = (env[name] as string).trim();
    if (value.length > max) throw new ConfigError(name, `must be at most ${max} characters`);
    return value;
  };
  const addressLines = text('SELLER_ADDRESS', 500).split(/\r?\n|\\n/).map((line) => line.trim()).filter(Boolean);
  if (addressLines.length > 6) throw new ConfigError('SELLER_ADDRESS', 'must have at most 6 lines');
  return { name: text('SELLER_NAME', 200), addressLines, taxId: text('SELLER_TAX_ID', 50) };
}

export function loadConfig(env: Env = process.env): AppConfig {
  const dataDir = resolve(env.DATA_DIR || './data');
  const eventStore = oneOf(env, 'EVENT_STORE', ['postgres', 'kurrentdb'] as const, 'postgres');
  const kurrentdbUrl = url(env, 'KURRENTDB_URL', ['esdb', 'esdb+discover', 'kurrentdb', 'kurrentdb+discover', 'kdb', 'kdb+discover']);
  if (eventStore === 'kurrentdb' && !kurrentdbUrl) throw new ConfigError('KURRENTDB_URL', 'is required when EVENT_STORE=kurrentdb');
  const brokers = (env.KAFKA_BROKERS ?? '').split(',').map((b) => b.trim()).filter(Boolean);
  for (const broker of brokers) {
    if (!/^[\w.-]+:\d{1,5}$/.test(broker)) throw new ConfigError('KAFKA_BROKERS', `has ${JSON.stringify(broker)}; expected host:port[,host:port…]`);
  }
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '127.0.0.1',
    dataDir,
    databaseUrl: url(env, 'DATABASE_URL', ['postgres', 'postgresql']),
    embeddedDatabasePort: integer(env, 'EMBEDDED_PG_PORT', 0, 0, 65535),
    eventStore,
    kurrentdbUrl,
    kafkaBrokers: brokers,
    kafkaTopic: env.KAFKA_TOPIC || 'billing.events.v1',
    kafkaIdempotentProducer: oneOf(env, 'KAFKA_IDEMPOTENT', ['true', 'false'] as const, 'true') === 'true',
    ...jwtSecret(env, dataDir),
    clock: oneOf(env, 'BILLING_CLOCK', ['system', 'manual'] as const, 'system'),
    stripeSecretKey: env.STRIPE_SECRET_KEY || undefined,
    stripeWebhookSecret: env.STRIPE_WEBHOOK_SECRET || undefined,
    stripeApiBase: url(env, 'STRIPE_API_BASE', ['http', 'https']),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 64 * 1024, 1024, 10 * 1024 * 1024),
    rateLimitPerMinute: {
      // A vendor is one shop's app: a few requests a screen. Finance and admin run scripts and the
      // console over every account, so they get ten times a vendor's allowance and more.
      vendor: integer(env, 'RATE_LIMIT_VENDOR_PER_MINUTE', 300, 1, 1_000_000),
      finance: integer(env, 'RATE_LIMIT_FINANCE_PER_MINUTE', 6_000, 1, 1_000_000),
      admin: integer(env, 'RATE_LIMIT_ADMIN_PER_MINUTE', 6_000, 1, 1_000_000),
      anonymous: integer(env, 'RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
    },
    requestTimeoutMs: integer(env, 'REQUEST_TIMEOUT_MS', 30_000, 1_000, 600_000),
    workerShare: workerShare(env),
    workerFollows: workerFollows(env),
    webhookAllowPrivate: oneOf(env, 'WEBHOOK_ALLOW_PRIVATE', ['true', 'false'] as const, 'false') === 'true',
    ...mail(env),
    seller: seller(env),
  };
}
