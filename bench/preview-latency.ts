import autocannon from 'autocannon';
import { round } from './bench-support';
import type { HttpBenchOptions } from './http.bench';

/**
 * The preview's cost beside its command's: the same change (one more branch) previewed and then
 * sent for real over the same subscribed accounts, connections and duration. A preview reads the
 * account (its snapshot and what came after it), decides and answers; the command decides on the
 * snapshot and appends. Both through the whole API: auth, validation, JSON.
 */
export interface LatencyFigures {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
  readonly non2xx: number;
}

export interface PreviewLatency {
  readonly accounts: number;
  readonly preview: LatencyFigures;
  readonly command: LatencyFigures;
  /** Preview p50 ÷ command p50: below 1, a preview answers faster than the command it shows. */
  readonly p50Ratio: number;
}

async function subscribeAccounts(url: string, token: string, ids: readonly string[]): Promise<void> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  for (const id of ids) {
    const opened = await fetch(`${url}/v1/accounts`, { method: 'POST', headers, body: JSON.stringify({ accountId: id, businessName: `Preview ${id}`, email: `${id}@bench.example`, currency: 'GBP', taxRegion: 'GB' }) });
    const subscribed = await fetch(`${url}/v1/accounts/${id}/subscription`, { method: 'POST', headers, body: JSON.stringify({ tier: 'pro', branches: 1 }) });
    if (opened.status !== 201 || subscribed.status !== 201) throw new Error(`preview bench: could not set up ${id} (${opened.status}, ${subscribed.status})`);
  }
}

async function measure(url: string, token: string, ids: readonly string[], options: HttpBenchOptions, request: (id: string) => { path: string; body: string }): Promise<LatencyFigures> {
  let next = 0;
  const result = await autocannon({
    url,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.seconds }),
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    requests: [{ method: 'POST', setupRequest: (sent: Record<string, unknown>) => ({ ...sent, ...request(ids[next++ % ids.length]) }) }],
  });
  return {
    requestsPerSecond: round(result.requests.total / Math.max(result.duration, 0.001), 0),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

export async function measurePreviewLatency(url: string, token: string, tag: string, options: HttpBenchOptions): Promise<PreviewLatency> {
  const ids = Array.from({ length: options.connections * 2 }, (_, index) => `${tag}-preview-${index + 1}`);
  await subscribeAccounts(url, token, ids);
  const body = JSON.stringify({ delta: 1 });
  const preview = await measure(url, token, ids, options, (id) => ({ path: `/v1/accounts/${id}/preview`, body: JSON.stringify({ action: 'changeBranches', delta: 1 }) }));
  const command = await measure(url, token, ids, options, (id) => ({ path: `/v1/accounts/${id}/subscription/branches`, body }));
  return { accounts: ids.length, preview, command, p50Ratio: round(preview.p50Ms / Math.max(command.p50Ms, 0.001), 2) };
}
