import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import pino from 'pino';
import { Agent as UndiciAgent } from 'undici';
import type { Pool } from 'pg';
import { createDispatchPool, startWebhookDelivery } from '../libs/application/webhooks/webhook-delivery';
import { WebhookDispatcher } from '../libs/application/webhooks/webhook-dispatcher';
import { WEBHOOK_FOLLOWER, webhookFanOut } from '../libs/application/webhooks/webhook-fanout';
import { WebhookSender } from '../libs/application/webhooks/webhook-sender';
import { WebhookEndpoints } from '../libs/application/webhooks/webhook-endpoints';
import { toEnvelope } from '../libs/event-store/event-envelope';
import { PostgresEventStore } from '../libs/event-store/postgres/postgres-event-store';
import { systemClock } from '../libs/infra/clock/clock';
import { FeedFollower } from '../libs/infra/feed/feed-follower';
import { median, migratedPool, nodeCpuSeconds, processTreeCpuSeconds, progress, round, type BenchServer } from './bench-support';
import { generateEvents } from './event-generator';

/**
 * Outgoing webhooks end to end against raw HTTP: the worker's webhook delivery (the fan-out
 * follower recording one delivery per event and endpoint, the dispatcher claiming, signing,
 * POSTing and recording each outcome) from the first event to the last outcome written, against
 * plain keep-alive POSTs of the very same bodies to the same receiver from the same process, with
 * as many requests in flight as the dispatcher's lanes allow. The receiver runs in a process of
 * its own and answers 204. The ratio is what recording, claiming, signing and bookkeeping cost on
 * top of the HTTP round trips; CPU per delivery shows where it goes.
 */
export interface WebhookBenchOptions {
  readonly runs: number;
  readonly events: number;
  readonly endpoints: number;
}

export interface CpuPerDelivery {
  /** This process: the sender, and for the webhooks also the follower and dispatcher. */
  readonly node: number;
  readonly server?: number;
  readonly receiver?: number;
}

export interface WebhookRun {
  readonly raw: number;
  readonly webhooks: number;
  /** The same raw POSTs through undici, the webhook sender's client (absent in older results). */
  readonly rawUndici?: number;
  readonly cpu: { readonly raw: CpuPerDelivery; readonly webhooks: CpuPerDelivery; readonly rawUndici?: CpuPerDelivery };
  /** The two stages run one after the other: where the webhooks' CPU goes. */
  readonly stages: WebhookStages;
}

export interface WebhookStages {
  readonly fanOut: CpuPerDelivery;
  readonly dispatch: CpuPerDelivery;
  /** Deliveries per second of the dispatcher alone, everything already recorded. */
  readonly dispatchPerSecond: number;
}

export interface WebhookFigures {
  readonly events: number;
  readonly endpoints: number;
  readonly deliveries: number;
  readonly inFlight: number;
  readonly rawPerSecond: number;
  readonly webhooksPerSecond: number;
  readonly ratio: number;
  /** Reference only, not the target's denominator: raw POSTs through undici (absent in older results). */
  readonly rawUndiciPerSecond?: number;
  readonly cpu: { readonly raw: CpuPerDelivery; readonly webhooks: CpuPerDelivery; readonly rawUndici?: CpuPerDelivery };
  /** Absent in results written before the stages were measured. */
  readonly stages?: WebhookStages;
  readonly runs: readonly WebhookRun[];
}

/** The dispatcher's lane per endpoint (its default). */
const PER_ENDPOINT = 4;

interface Receiver {
  readonly url: string;
  cpuSeconds(): number | undefined;
  stop(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const child: ChildProcess = spawn(process.execPath, [join(__dirname, 'webhook-receiver.child.js')], { stdio: ['ignore', 'pipe', 'ignore'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the receiver exited (${code})`)));
    child.stdout?.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    cpuSeconds: () => (child.pid === undefined ? undefined : processTreeCpuSeconds(child.pid)),
    stop: async () => {
      child.removeAllListeners('exit');
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

interface Post {
  readonly path: string;
  readonly body: string;
}

/** POSTs every body with `concurrency` requests in flight over keep-alive connections; answers the seconds taken. */
async function rawPosts(url: string, posts: readonly Post[], concurrency: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const target = new URL(url);
  let next = 0;
  const post = ({ path, body }: Post) =>
    new Promise<void>((resolve, reject) => {
      const sent = request({ host: target.hostname, port: target.port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } });
      sent.on('error', reject);
      sent.on('response', (response) => {
        if ((response.statusCode ?? 0) >= 300) reject(new Error(`the receiver answered ${response.statusCode}`));
        response.resume();
        response.on('end', resolve);
      });
      sent.end(body);
    });
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < posts.length) await post(posts[next++]);
  }));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return seconds;
}

/**
 * The same POSTs through undici's dispatcher, the client the webhook sender uses, with nothing of
 * the sender around it: how much of the webhooks' Node CPU is the client itself.
 */
async function rawUndiciPosts(url: string, posts: readonly Post[], concurrency: number): Promise<number> {
  const agent = new UndiciAgent({ connections: concurrency });
  const origin = new URL(url).origin;
  let next = 0;
  const post = ({ path, body }: Post) =>
    new Promise<void>((resolve, reject) => {
      let status = 0;
      agent.dispatch({ origin, path, method: 'POST', body, headers: ['content-type', 'application/json'] }, {
        onRequestStart: () => undefined,
        onResponseStart: (_controller, statusCode) => void (status = statusCode),
        onResponseData: () => undefined,
        onResponseEnd: () => (status >= 300 ? reject(new Error(`the receiver answered ${status}`)) : resolve()),
        onResponseError: (_controller, error) => reject(error),
      });
    });
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < posts.length) await post(posts[next++]);
  }));
  const seconds = (performance.now() - started) / 1000;
  await agent.destroy();
  return seconds;
}

/** Endpoints registered as an admin would, then set to receive the feed from its first event. */
async function freshEndpoints(pool: Pool, store: PostgresEventStore, url: string, count: number): Promise<void> {
  await pool.query(`DELETE FROM webhook_endpoints; DELETE FROM webhook_payloads; DELETE FROM feed_checkpoints WHERE name = 'webhooks'`);
  const endpoints = new WebhookEndpoints(pool, store, systemClock, true);
  for (let i = 0; i < count; i++) await endpoints.create({ url: `${url}/e${i}`, eventTypes: ['*'] });
  await pool.query(`UPDATE webhook_endpoints SET position = ''`);
  await pool.query('VACUUM ANALYZE webhook_deliveries');
}

/** Seconds from starting webhook delivery to every delivery's outcome recorded as succeeded. */
async function webhookRun(pool: Pool, databaseUrl: string, deliveries: number): Promise<number> {
  // An engine instance as the worker has it (its feed polled every 20 ms), not the bench's own.
  const store = new PostgresEventStore(pool);
  const head = await store.headPosition();
  const started = performance.now();
  const running = await startWebhookDelivery({ pool, store, databaseUrl, retryClock: systemClock, logger: pino({ level: 'silent' }), config: { webhookAllowPrivate: true } }, { pollMs: 50 });
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (running.follower.position !== head) continue;
    const { rows } = await pool.query(`SELECT 1 FROM webhook_deliveries WHERE status = 'pending' LIMIT 1`);
    if (rows.length === 0) break;
  }
  const seconds = (performance.now() - started) / 1000;
  await running.stop();
  await store.close();
  const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM webhook_deliveries WHERE status = 'succeeded'`);
  if (Number(rows[0].n) !== deliveries) throw new Error(`${rows[0].n} of ${deliveries} webhook deliveries succeeded`);
  return seconds;
}

/** The fan-out alone until it has caught up, then the dispatcher alone until nothing is pending. */
async function stagedRun(server: BenchServer, receiver: Receiver, pool: Pool, databaseUrl: string, deliveries: number): Promise<WebhookStages> {
  const store = new PostgresEventStore(pool);
  const head = await store.headPosition();
  const logger = pino({ level: 'silent' });
  const follower = new FeedFollower({ name: WEBHOOK_FOLLOWER, store, pool, batchSize: 500, startFrom: 'beginning', lagIntervalMs: 0, handle: webhookFanOut(pool, systemClock, () => undefined) });
  const fanOut = await measured(server, receiver, deliveries, async () => {
    const started = performance.now();
    await follower.start();
    while (follower.position !== head) await new Promise((resolve) => setTimeout(resolve, 5));
    return (performance.now() - started) / 1000;
  });
  await follower.stop();
  await store.close();
  const sender = new WebhookSender({ allowPrivate: true });
  const dispatchPool = createDispatchPool(databaseUrl);
  const dispatcher = new WebhookDispatcher({ pool: dispatchPool, sender, retryClock: systemClock, logger, pollMs: 50 });
  const dispatch = await measured(server, receiver, deliveries, async () => {
    const started = performance.now();
    dispatcher.start();
    while ((await pool.query(`SELECT 1 FROM webhook_deliveries WHERE status = 'pending' LIMIT 1`)).rows.length > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    return (performance.now() - started) / 1000;
  });
  await dispatcher.stop();
  sender.close();
  await dispatchPool.end();
  return { fanOut: fanOut.cpu, dispatch: dispatch.cpu, dispatchPerSecond: dispatch.perSecond };
}

async function measured(server: BenchServer, receiver: Receiver, deliveries: number, work: () => Promise<number>): Promise<{ perSecond: number; cpu: CpuPerDelivery }> {
  const before = { node: nodeCpuSeconds(), server: server.cpuSeconds(), receiver: receiver.cpuSeconds() };
  const seconds = await work();
  const after = { node: nodeCpuSeconds(), server: server.cpuSeconds(), receiver: receiver.cpuSeconds() };
  const perDelivery = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : round(((b - a) * 1e6) / deliveries, 1));
  const cpu: CpuPerDelivery = {
    node: perDelivery(before.node, after.node) as number,
    ...(perDelivery(before.server, after.server) === undefined ? {} : { server: perDelivery(before.server, after.server) }),
    ...(perDelivery(before.receiver, after.receiver) === undefined ? {} : { receiver: perDelivery(before.receiver, after.receiver) }),
  };
  return { perSecond: round(deliveries / seconds, 0), cpu };
}

const describeCpu = (cpu: CpuPerDelivery) => `CPU µs/delivery: Node ${cpu.node}${cpu.server === undefined ? '' : `, PostgreSQL ${cpu.server}`}${cpu.receiver === undefined ? '' : `, receiver ${cpu.receiver}`}`;

function medianCpu(cpus: readonly CpuPerDelivery[]): CpuPerDelivery {
  const of = (pick: (cpu: CpuPerDelivery) => number | undefined) => (cpus.every((cpu) => pick(cpu) !== undefined) ? median(cpus.map((cpu) => pick(cpu) as number)) : undefined);
  const server = of((cpu) => cpu.server);
  const receiver = of((cpu) => cpu.receiver);
  return { node: of((cpu) => cpu.node) as number, ...(server === undefined ? {} : { server }), ...(receiver === undefined ? {} : { receiver }) };
}

export async function runWebhookBench(server: BenchServer, options: WebhookBenchOptions): Promise<WebhookFigures> {
  const db = await server.createDatabase('webhooks');
  const pool = await migratedPool(db);
  const store = new PostgresEventStore(pool, { pollIntervalMs: 5 });
  const receiver = await startReceiver();
  try {
    const events = await generateEvents(store, { events: options.events, label: 'webhook bench: generating events' });
    const feed = await store.readAll({ maxCount: events + 1 });
    const posts = Array.from({ length: options.endpoints }, (_, i) => feed.map((event) => ({ path: `/e${i}`, body: JSON.stringify(toEnvelope(event)) }))).flat();
    const inFlight = options.endpoints * PER_ENDPOINT;
    const runs: WebhookRun[] = [];
    for (let run = 0; run < options.runs; run++) {
      const raw = await measured(server, receiver, posts.length, () => rawPosts(receiver.url, posts, inFlight));
      const rawUndici = await measured(server, receiver, posts.length, () => rawUndiciPosts(receiver.url, posts, inFlight));
      await freshEndpoints(pool, store, receiver.url, options.endpoints);
      const webhooks = await measured(server, receiver, posts.length, () => webhookRun(pool, db.url, posts.length));
      await freshEndpoints(pool, store, receiver.url, options.endpoints);
      const stages = await stagedRun(server, receiver, pool, db.url, posts.length);
      runs.push({ raw: raw.perSecond, webhooks: webhooks.perSecond, rawUndici: rawUndici.perSecond, cpu: { raw: raw.cpu, webhooks: webhooks.cpu, rawUndici: rawUndici.cpu }, stages });
      progress(`webhooks run ${run + 1}/${options.runs}: raw POSTs ${raw.perSecond}/s (${describeCpu(raw.cpu)}), raw undici ${rawUndici.perSecond}/s (${describeCpu(rawUndici.cpu)}), webhook deliveries ${webhooks.perSecond}/s (${describeCpu(webhooks.cpu)}); `
        + `staged: fan-out ${describeCpu(stages.fanOut)}, dispatch ${stages.dispatchPerSecond}/s ${describeCpu(stages.dispatch)}`);
    }
    const raw = median(runs.map((r) => r.raw));
    const webhooks = median(runs.map((r) => r.webhooks));
    return {
      events: feed.length, endpoints: options.endpoints, deliveries: posts.length, inFlight, rawPerSecond: raw, webhooksPerSecond: webhooks, ratio: round(webhooks / raw, 2),
      rawUndiciPerSecond: median(runs.map((r) => r.rawUndici ?? 0)),
      cpu: { raw: medianCpu(runs.map((r) => r.cpu.raw)), webhooks: medianCpu(runs.map((r) => r.cpu.webhooks)), rawUndici: medianCpu(runs.map((r) => r.cpu.rawUndici ?? r.cpu.raw)) },
      stages: {
        fanOut: medianCpu(runs.map((r) => r.stages.fanOut)), dispatch: medianCpu(runs.map((r) => r.stages.dispatch)),
        dispatchPerSecond: median(runs.map((r) => r.stages.dispatchPerSecond)),
      },
      runs,
    };
  } finally {
    await receiver.stop();
    await store.close();
    await pool.end();
    await db.drop();
  }
}
