import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { performance } from 'node:perf_hooks';
import { parseWebhookUrl, publicOnlyLookup } from './webhook-url';

/**
 * One HTTP POST of a signed webhook. A 2xx within the timeout is delivered; anything else, a
 * redirect included (never followed), is a failure with a short reason. At most RESPONSE_BYTES_MAX
 * of the response body are read, so an endpoint cannot make the worker buffer megabytes.
 */
export const WEBHOOK_TIMEOUT_MS = 15_000;
const RESPONSE_BYTES_MAX = 4_096;
const REASON_CHARS_MAX = 300;
const URLS_MAX = 1_000;

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

export class WebhookSender {
  private readonly http: HttpAgent;
  private readonly https: HttpsAgent;
  private readonly timeoutMs: number;
  private readonly urls = new Map<string, URL>();

  constructor(private readonly options: SenderOptions) {
    const agent = { keepAlive: true, maxSockets: options.socketsPerHost ?? 16 };
    this.http = new HttpAgent(agent);
    this.https = new HttpsAgent(agent);
    this.timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  }

  async post(rawUrl: string, headers: Record<string, string>, body: string): Promise<SendOutcome> {
    const started = performance.now();
    const finish = (responseStatus: number | null, error: string | null): SendOutcome => ({
      ok: error === null, responseStatus, durationMs: Math.round(performance.now() - started), error,
    });
    let url: URL;
    try {
      url = this.parsed(rawUrl);
    } catch (error) {
      return finish(null, (error as Error).message);
    }
    try {
      const response = await this.send(url, headers, body);
      const ok = response.status >= 200 && response.status < 300;
      return finish(response.status, ok ? null : `HTTP ${response.status}${response.text ? `: ${response.text}` : ''}`.slice(0, REASON_CHARS_MAX));
    } catch (error) {
      return finish(null, (error as Error).message.slice(0, REASON_CHARS_MAX));
    }
  }

  /** Each endpoint's URL is parsed and checked once, not on every delivery. */
  private parsed(rawUrl: string): URL {
    let url = this.urls.get(rawUrl);
    if (url) return url;
    url = parseWebhookUrl(rawUrl, this.options.allowPrivate);
    if (this.urls.size >= URLS_MAX) this.urls.clear();
    this.urls.set(rawUrl, url);
    return url;
  }

  close(): void {
    this.http.destroy();
    this.https.destroy();
  }

  private send(url: URL, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
    const https = url.protocol === 'https:';
    return new Promise((resolve, reject) => {
      const request = (https ? httpsRequest : httpRequest)(url, {
        method: 'POST',
        agent: https ? this.https : this.http,
        lookup: this.options.allowPrivate ? undefined : publicOnlyLookup,
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'billing-ledger-webhooks/1' },
      });
      const timer = setTimeout(() => request.destroy(new Error(`no answer within ${this.timeoutMs / 1000} s`)), this.timeoutMs);
      request.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      request.on('response', (response: IncomingMessage) => {
        readCapped(response).then((text) => {
          clearTimeout(timer);
          resolve({ status: response.statusCode ?? 0, text });
        }, reject);
      });
      request.end(body);
    });
  }
}

/** The body's first bytes as text; the rest is drained (keeping the connection) or cut off. */
function readCapped(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      if (size >= RESPONSE_BYTES_MAX) {
        response.destroy();
        return resolve(Buffer.concat(chunks).toString('utf8').trim());
      }
      chunks.push(chunk.subarray(0, RESPONSE_BYTES_MAX - size));
      size += chunk.length;
    });
    response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8').trim()));
    response.on('error', reject);
    response.on('aborted', () => reject(new Error('the endpoint closed the connection mid-answer')));
  });
}
