import autocannon from 'autocannon';
import { COMMAND_SCRIPT, type ScriptContext } from './command-script';

/**
 * What a load generator is asked to send: the command script (each connection walking fresh
 * accounts named after `tag`), GETs of the given paths in turn, or POSTs of the given paths and
 * bodies in turn.
 */
export type LoadJob = {
  readonly url: string;
  readonly token: string;
  readonly connections: number;
  /** A duration, or a fixed number of requests (the smoke test's). */
  readonly seconds?: number;
  readonly amount?: number;
} & (
  | { readonly kind: 'commands'; readonly tag: string }
  | { readonly kind: 'gets'; readonly paths: readonly string[] }
  | { readonly kind: 'posts'; readonly posts: readonly { readonly path: string; readonly body: string }[] }
);

export interface LoadSummary {
  readonly requests: number;
  readonly seconds: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
  readonly non2xx: number;
}

/** Runs autocannon in this process; load-generator.ts decides which process that is. */
export async function runLoad(job: LoadJob): Promise<LoadSummary> {
  const run = autocannon({
    url: job.url,
    connections: job.connections,
    ...(job.amount ? { amount: job.amount } : { duration: job.seconds ?? 1 }),
    headers: { authorization: `Bearer ${job.token}`, ...(job.kind === 'gets' ? {} : { 'content-type': 'application/json' }) },
    requests: requestsOf(job),
  });
  // autocannon times each request from its write to its answer's last byte with hrtime, but its
  // histogram keeps whole milliseconds: at 4 ms one step is 25 %, more than the growth section's
  // 1.2× goal can tell apart. The same timings, kept unrounded, give the percentiles instead.
  const latencies: number[] = [];
  run.on('response', (_client, statusCode, _bytes, ms) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(ms);
  });
  const result = await run;
  latencies.sort((a, b) => a - b);
  return {
    requests: result.requests.total,
    seconds: Math.max(result.duration, 0.001),
    p50Ms: latencies.length > 0 ? percentile(latencies, 0.5) : result.latency.p50,
    p99Ms: latencies.length > 0 ? percentile(latencies, 0.99) : result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** The nearest-rank percentile of sorted values, to a tenth of a millisecond. */
function percentile(sorted: readonly number[], fraction: number): number {
  const value = sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
  return Math.round(value * 10) / 10;
}

function requestsOf(job: LoadJob) {
  if (job.kind === 'commands') return commandRequests(job.tag);
  if (job.kind === 'gets') return getRequests(job.paths);
  return postRequests(job.posts);
}

function commandRequests(tag: string) {
  let accounts = 0;
  return COMMAND_SCRIPT.map((step, index) => ({
    method: step.method,
    setupRequest: (request: Record<string, unknown>, context: ScriptContext) => {
      // autocannon resets the context whenever a connection starts the script over: a new account.
      if (index === 0) context.accountId = `${tag}-${++accounts}`;
      const id = context.accountId as string;
      return { ...request, path: step.path(id), body: JSON.stringify(step.body(id, context)) };
    },
    onResponse: (_status: number, body: string, context: ScriptContext) => step.onResponse?.(body, context),
  }));
}

function getRequests(paths: readonly string[]) {
  let next = 0;
  return [{ method: 'GET', setupRequest: (request: Record<string, unknown>) => ({ ...request, path: paths[next++ % paths.length] }) }];
}

function postRequests(posts: readonly { readonly path: string; readonly body: string }[]) {
  let next = 0;
  return [{ method: 'POST', setupRequest: (request: Record<string, unknown>) => ({ ...request, ...posts[next++ % posts.length] }) }];
}
