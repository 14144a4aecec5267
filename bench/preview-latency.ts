import { round } from './bench-support';
import type { HttpBenchOptions } from './http.bench';
import { generateLoad } from './load-generator';

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

/**
 * One side of the comparison, from the load generator's own process with its percentiles taken
 * from every 2xx answer's own timing (load-runner.ts), as the command section measures.
 */
async function measure(url: string, token: string, ids: readonly string[], options: HttpBenchOptions, request: (id: string) => { path: string; body: string }): Promise<LatencyFigures> {
  const load = await generateLoad({
    kind: 'posts',
    url,
    token,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { seconds: options.seconds }),
    posts: ids.map(request),
  });
  return {
    requestsPerSecond: round(load.requests / load.seconds, 0),
    p50Ms: load.p50Ms,
    p99Ms: load.p99Ms,
    errors: load.errors,
    non2xx: load.non2xx,
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
