import { performance } from 'node:perf_hooks';
import { Agent, type Dispatcher } from 'undici';
import type { SignedHeaders } from './webhook-signature';
import { parseWebhookUrl, publicOnlyLookup } from './webhook-url';

/**
 * One HTTP POST of a signed webhook. A 2xx within the timeout is delivered; anything else, a
 * redirect included (never followed), is a failure with a short reason. At most RESPONSE_BYTES_MAX
 * of the response body are read, so an endpoint cannot make the worker buffer megabytes.
 *
 * The requests go through undici's dispatcher API (the HTTP client inside Node's fetch) rather
 * than node:http: measured against the benchmark's receiver it costs about half the CPU per
 * request (≈ 20–27 µs against ≈ 50, BENCHMARKS.md section 9), which is most of what a delivery
 * costs the worker. Each endpoint's URL is parsed and checked once.
 */
export const WEBHOOK_TIMEOUT_MS = 15_000;
const RESPONSE_BYTES_MAX = 4_096;
const REASON_CHARS_MAX = 300;
const URLS_MAX = 1_000;
const USER_AGENT = 'billing-ledger-webhooks/1';

export interface SendOutcome {
  readonly ok: boolean;
  readonly responseStatus: number | null;
  readonly durationMs: number;
  readonly error: string | null;
}

export interface SenderOptions {
  readonly allowPrivate: boolean;
  readonly timeoutMs?: number;
  /** Connections kept alive per host between deliveries. */
  readonly socketsPerHost?: number;
}

/** Where an endpoint's requests go, from its URL once. */
interface Target {
  readonly origin: string;
  readonly path: string;
}

export class WebhookSender {
  private readonly agent: Agent;
  private readonly timeoutMs: number;
  private readonly targets = new Map<string, Target | Error>();

  constructor(private readonly options: SenderOptions) {
    this.agent = new Agent({
      connections: options.socketsPerHost ?? 16,
      // Every connection checks the address it reaches (DNS rebinding), as registration did the name.
      ...(options.allowPrivate ? {} : { connect: { lookup: publicOnlyLookup } }),
    });
    this.timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  }

  post(rawUrl: string, signed: SignedHeaders, body: string): Promise<SendOutcome> {
    const target = this.target(rawUrl);
    if (target instanceof Error) return Promise.resolve({ ok: false, responseStatus: null, durationMs: 0, error: target.message });
    return new Promise((resolve) => {
      const attempt = new Attempt(resolve, this.timeoutMs);
      try {
        this.agent.dispatch({
          origin: target.origin, path: target.path, method: 'POST', body,
          headers: [
            'content-type', 'application/json', 'user-agent', USER_AGENT,
            'webhook-id', signed['webhook-id'], 'webhook-timestamp', signed['webhook-timestamp'], 'webhook-signature', signed['webhook-signature'],
          ],
        }, attempt);
      } catch (error) {
        attempt.onResponseError(undefined, error as Error);
      }
    });
  }

  /** Each endpoint's URL is parsed and checked once, not on every delivery; a refusal is kept too. */
  private target(rawUrl: string): Target | Error {
    let target = this.targets.get(rawUrl);
    if (target) return target;
    try {
      const url = parseWebhookUrl(rawUrl, this.options.allowPrivate);
      target = { origin: url.origin, path: `${url.pathname}${url.search}` };
    } catch (error) {
      target = error as Error;
    }
    if (this.targets.size >= URLS_MAX) this.targets.clear();
    this.targets.set(rawUrl, target);
    return target;
  }

  close(): void {
    void this.agent.destroy().catch(() => undefined);
  }
}

/**
 * One request's handler: it settles once, on the answer, an error, or the timeout, whichever comes
 * first. The timeout covers the whole attempt (waiting for a connection included), as the rule
 * "a 2xx within 15 s" says.
 */
class Attempt implements Dispatcher.DispatchHandler {
  private readonly started = performance.now();
  private readonly timer: NodeJS.Timeout;
  private controller: Dispatcher.DispatchController | undefined;
  private settled = false;
  private status = 0;
  private text = '';
  private bytes = 0;

  constructor(private readonly resolve: (outcome: SendOutcome) => void, private readonly timeoutMs: number) {
    this.timer = setTimeout(() => this.timedOut(), timeoutMs);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    // Timed out while waiting for a connection: the request is not sent.
    if (this.settled) controller.abort(new Error('timed out before it was sent'));
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    this.status = statusCode;
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.bytes < RESPONSE_BYTES_MAX) this.text += chunk.subarray(0, RESPONSE_BYTES_MAX - this.bytes).toString('utf8');
    this.bytes += chunk.length;
    // Enough read: the rest is cut off with the connection, and the answer stands as it is.
    if (this.bytes > RESPONSE_BYTES_MAX && !this.settled) {
      this.answered();
      controller.abort(new Error('response body cut off'));
    }
  }

  onResponseEnd(): void {
    this.answered();
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    this.settle(null, error.message);
  }

  private answered(): void {
    const ok = this.status >= 200 && this.status < 300;
    const text = this.text.trim();
    this.settle(this.status, ok ? null : `HTTP ${this.status}${text ? `: ${text}` : ''}`);
  }

  private timedOut(): void {
    this.settle(null, `no answer within ${this.timeoutMs / 1000} s`);
    this.controller?.abort(new Error('timed out'));
  }

  private settle(responseStatus: number | null, error: string | null): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    this.resolve({ ok: error === null, responseStatus, durationMs: Math.round(performance.now() - this.started), error: error === null ? null : error.slice(0, REASON_CHARS_MAX) });
  }
}
