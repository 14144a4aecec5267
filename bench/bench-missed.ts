import type { BenchResults } from './bench-report';
import { medianOfAll, formatFigure } from './bench-support';
import { renewalBudget } from './bench-analysis-sections';
import { allTargets } from './bench-targets';

/**
 * Under the summary table: for every target the run missed, what bounds it on this machine, in the
 * run's own figures, and what would meet it. The throughput goals are set against the cores: a
 * contestant cannot go faster than the machine's cores divided by the CPU one operation costs, so
 * where that ceiling is below the goal, the goal cannot be met here by scheduling the same work
 * differently, only by doing less of it per operation or by having more cores.
 */
const fmt = formatFigure;
const sum = (...values: Array<number | undefined>): number | undefined => (values.some((v) => v === undefined) ? undefined : (values as number[]).reduce((a, b) => a + b, 0));

export function missedExplained(results: BenchResults): string {
  const missed = new Set(allTargets(results).filter((c) => c.met === false).map((c) => c.what));
  const has = (prefix: string) => [...missed].some((what) => what.startsWith(prefix));
  const cores = results.machine.cpus;
  const bullets = [
    has('HTTP: API p99') ? httpP99(results) : '',
    has('projections:') ? projections(results, cores) : '',
    has('replay of') ? replay(results, cores) : '',
    has('replay memory') ? replayMemory(results) : '',
    has('renewal day:') ? renewal(results, cores) : '',
    has('reads:') ? reads(results) : '',
    has('webhook deliveries') ? webhooks(results, cores) : '',
  ].filter((text) => text !== '');
  if (bullets.length === 0) return '';
  return `

**Why the missed ones are missed, in this run's figures** (each section has the measurements and what was tried):

${bullets.map((text) => `- ${text}`).join('\n')}
`;
}

function httpP99(results: BenchResults): string {
  const h = results.http;
  if (!h) return '';
  const worker = h.apiWithoutWorker?.cpuMsPerCommand !== undefined && h.api.cpuMsPerCommand !== undefined ? h.api.cpuMsPerCommand - h.apiWithoutWorker.cpuMsPerCommand : undefined;
  return `**HTTP p99 (section 2): ${fmt(h.api.p99Ms, 1)} ms.** The same API without its worker answered at p99 ${fmt(h.apiWithoutWorker?.p99Ms, 1)} ms and
  the bare route at ${fmt(h.bare.p99Ms, 1)} ms. The worker's read models cost ${fmt(worker, 2)} of the API's ${fmt(h.api.cpuMsPerCommand, 2)} ms of CPU per command on the same
  ${results.machine.cpus} cores as the load generator and PostgreSQL, and latency at 32 connections is queueing for those cores.
  What would meet it: the worker on cores of its own (the distributed setup), or read models that cost less per event.`;
}

function projections(results: BenchResults, cores: number): string {
  const p = results.projection;
  if (!p) return '';
  const all = { node: medianOfAll(p.runs.map((r) => r.cpu?.all.node)), pg: medianOfAll(p.runs.map((r) => r.cpu?.all.server)) };
  const trivial = { node: medianOfAll(p.runs.map((r) => r.cpu?.trivial.node)), pg: medianOfAll(p.runs.map((r) => r.cpu?.trivial.server)) };
  const total = sum(all.node, all.pg);
  const ceiling = total === undefined || all.node === undefined ? undefined : Math.min(1e6 / all.node, (cores * 1e6) / total);
  const goal = p.trivialEventsPerSecond / 2;
  return `**Projection catch-up (section 3): ${fmt(p.ratio, 2)}×.** All read models cost ${fmt(all.node, 1)} µs of Node (one thread) and ${fmt(all.pg, 1)} µs of
  PostgreSQL per event, the trivial upsert ${fmt(trivial.node, 1)} and ${fmt(trivial.pg, 1)}. With Node's thread and the ${cores} cores fully used that is at most
  ${fmt(ceiling)} events/s, against the ${fmt(goal)} that 0.5× of the trivial upsert's ${fmt(p.trivialEventsPerSecond)} would take${ceiling !== undefined && ceiling < goal ? ': out of reach here, however the models are scheduled' : ''}.
  What would meet it: read models costing at most about twice the trivial upsert per event, or the models divided between processes on more cores.`;
}

function replay(results: BenchResults, cores: number): string {
  const r = results.replay;
  if (!r?.cpuUsPerEvent) return '';
  const { node, server } = r.cpuUsPerEvent;
  const total = sum(node, server);
  const floor = total === undefined ? undefined : Math.max((node * r.events) / 1e6, (total * r.events) / 1e6 / cores);
  const head = `**Replay (section 4): ${fmt(r.seconds, 1)} s.** ${fmt(node, 1)} µs of Node and ${fmt(server, 1)} µs of PostgreSQL per event: with Node's thread never
  waiting for PostgreSQL and the ${cores} cores fully used, ${fmt(r.events)} events would take at least ${fmt(floor, 1)} s.`;
  if (floor !== undefined && floor < 30) {
    return `${head} The CPU alone leaves room under 30 s, so this goal is not out of reach here:
  what stands between is the time Node still waits for PostgreSQL, even with the read models applied in two lanes side by side.
  What would meet it: more of Node's work overlapping the server's, or read models cheaper per event (section 3).`;
  }
  return `${head} What would meet it: read models cheaper per event (section 3), so that Node's and PostgreSQL's work together fit 30 s.`;
}

function replayMemory(results: BenchResults): string {
  const r = results.replay;
  if (!r) return '';
  const floors = r.liveHeapByTenthMiB;
  if (!floors) {
    return `**Replay memory (section 4): ${fmt(r.secondHalfGrowthMiB)} MiB** of RSS (results from before the live-heap measure).
  RSS follows V8's heap sizing more than what is live; the live heap's floor after full collections is the measure now.`;
  }
  return `**Replay memory (section 4): ${r.liveHeapGrowthMiB === undefined ? 'no full collection in one half' : `${fmt(r.liveHeapGrowthMiB)} MiB`}.** The live heap's floor at each tenth of the median run:
  ${floors.map((v) => (v === null ? '–' : fmt(v))).join(' · ')} MiB. The replay holds at most four batches of the feed and the page cache's 20 000 events,
  whatever the ledger's size: a floor rising tenth after tenth is a leak to look for with a heap snapshot (\`node --heapsnapshot-signal\`).`;
}

function renewal(results: BenchResults, cores: number): string {
  const r = results.renewal;
  if (!r) return '';
  const { budgetUs, renewalUs, modelsUs } = renewalBudget(r, cores);
  const models = modelsUs === undefined ? '' : ` The read models alone, applying the same events with nothing decided or collected, cost ${fmt(modelsUs)} µs${budgetUs !== undefined && modelsUs > budgetUs ? ', over the budget on their own' : ''}.`;
  return `**Renewal day (section 6): ${fmt(r.ratio, 2)}×.** On ${cores} cores, 0.5× of the raw append's ${fmt(r.rawEventsPerSecond)} events/s leaves the whole renewal
  ${fmt(budgetUs)} µs of CPU per event; it costs ${fmt(renewalUs)} — the decision, every read model, the collection.${models}
  What would meet it: read models and a collection that cost less per event, or the read models on cores of their own, catching up behind the renewal.`;
}

function reads(results: BenchResults): string {
  const r = results.reads;
  if (!r) return '';
  const routes = r.routes.map((route) => `${route.route}: ${fmt(route.api.cpuMsPerRequest, 3)} against ${fmt(route.bare.cpuMsPerRequest, 3)} ms of CPU per request, ${fmt(route.ratio, 2)}×, p99 ${fmt(route.api.p99Ms, 1)} against the bare route's ${fmt(route.bare.p99Ms, 1)} ms${route.outsideNest ? `; outside Nest ${fmt(route.outsideNest.cpuMsPerRequest, 3)} ms, ${fmt(route.outsideNestRatio, 2)}×` : ''}${route.apiWithoutWorker ? ` (without its worker: ${fmt(route.apiWithoutWorker.cpuMsPerRequest, 3)} ms, p99 ${fmt(route.apiWithoutWorker.p99Ms, 1)})` : ''}`);
  const outside = r.routes.every((route) => route.outsideNestRatio !== undefined)
    ? `the same read answered outside Nest's pipeline, every hook kept, measured in the same runs at ${r.routes.map((route) => `${fmt(route.outsideNestRatio, 2)}×`).join(' and ')} (the reference rows of section 7)`
    : "the read leaving Nest's pipeline";
  return `**Reads (section 7).** ${routes.join('; ')}. Both run on the ${results.machine.cpus} cores with the load generator and PostgreSQL, so throughput follows
  CPU per request, and at ${r.connections} connections the mean latency is connections ÷ throughput (Little's law), so p99 follows it too.
  The API's own work per read over the bare route's is all in Node: its request hooks, which every request needs (correlation id, rate limit,
  security headers, metrics), and Nest's pipeline (guards, pipes, the QueryBus and the promises around them). What would meet the goal: ${outside}.
  It is not done because it means a second way into the same endpoints to keep in step with the first (docs/decisions.md, section 7).`;
}

function webhooks(results: BenchResults, cores: number): string {
  const w = results.webhooks;
  if (!w) return '';
  const total = (c: typeof w.cpu.raw) => sum(c.node, c.server, c.receiver);
  const fasterIsUndici = w.rawUndiciPerSecond !== undefined && w.cpu.rawUndici !== undefined && w.rawUndiciPerSecond > w.rawPerSecond;
  const [ours, raw] = [total(w.cpu.webhooks), total(fasterIsUndici ? (w.cpu.rawUndici as typeof w.cpu.raw) : w.cpu.raw)];
  const ceiling = ours === undefined ? undefined : (cores * 1e6) / ours;
  const baseline = w.baselinePerSecond ?? w.rawPerSecond;
  const goal = baseline / 2;
  return `**Webhooks (section 9): ${fmt(w.ratio, 2)}×.** A delivery costs ${fmt(ours)} µs of CPU (sender and dispatcher, PostgreSQL, receiver), a raw POST
  through ${fasterIsUndici ? 'undici' : 'node:http'} ${fmt(raw)}. On ${cores} cores that allows at most ${fmt(ceiling)} deliveries/s, against the ${fmt(goal)} that 0.5× of the raw POSTs' ${fmt(baseline)} would take${ceiling !== undefined && ceiling < goal ? ': out of reach here' : ''}.
  What would meet it: less CPU per delivery (every delivery is recorded, claimed and settled in PostgreSQL, which a raw POST is not), or more cores.`;
}
