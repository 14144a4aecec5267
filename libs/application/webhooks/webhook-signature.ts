import { createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';

/**
 * Standard Webhooks signing (api.md, "Outgoing webhooks"): the secret is `whsec_` + base64 of
 * random bytes; the signature is `v1,` + base64(HMAC-SHA256(secret bytes, `id.timestamp.body`)).
 * Receivers verify it with any Standard Webhooks library; the tests use the reference one.
 */
const SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 32;

export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64');
}

export interface SignedHeaders {
  readonly 'webhook-id': string;
  readonly 'webhook-timestamp': string;
  readonly 'webhook-signature': string;
}

/** `timestampSeconds` is wall-clock time: receivers judge a signature's freshness by it. */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): SignedHeaders {
  const timestamp = String(Math.floor(timestampSeconds));
  const signature = createHmac('sha256', keyOf(secret)).update(`${id}.${timestamp}.`).update(body).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
}

/** Secrets decoded once: every delivery to an endpoint signs with the same key. */
const keys = new Map<string, KeyObject>();
const KEYS_MAX = 1_000;

function keyOf(secret: string): KeyObject {
  let key = keys.get(secret);
  if (key) return key;
  if (!secret.startsWith(SECRET_PREFIX)) throw new TypeError('a webhook secret starts with whsec_');
  key = createSecretKey(Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64'));
  if (keys.size >= KEYS_MAX) keys.clear();
  keys.set(secret, key);
  return key;
}
