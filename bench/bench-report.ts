import { CONTESTANTS, type AppendFigure } from './append.bench';
import type { MachineInfo } from './bench-support';
import type { SuiteFigures, SuiteOptions } from './bench-suite';
import { ANALYSIS } from './bench-analysis';
import { medianOfAll } from './bench-support';
import { growthSection, readsSection, renewalSection } from './bench-report-sections';
import { howToRun } from './bench-analysis-sections';
import { missedExplained } from './bench-missed';
import { allTargets, appendTargets, httpTargets, projectionTargets, relayTargets, replayTargets, targetTable, webhookTargets } from './bench-targets';
import type { CpuPerDelivery } from './webhook.bench';
import { LTS_NODE } from '../test/support/suite-node';

/** BENCHMARKS.md from the results: tables of measured figures, targets met or missed, and why. */
export interface BenchResults extends SuiteFigures {
  readonly generatedAt: string;
  readonly durationSeconds: number;
  readonly machine: MachineInfo;
  readonly database: string;
  readonly settings: SuiteOptions;
  /** When each section was measured (they differ after a BENCH_ONLY run). */
  readonly measuredAt?: Readonly<Record<string, string>>;
}

const fmt = (value: number | undefined, digits = 0): string => (value === undefined || Number.isNaN(value) ? '—' : value.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const ratio = (a: number | undefined, b: number | undefined): number | undefined => (a !== undefined && b ? a / b : undefined);

function header(results: BenchResults): string {
  const m = results.machine;
  const times = new Set(Object.values(results.measuredAt ?? {}));
  const sections = times.size > 1 ? `\nSections were measured at different times (BENCH_ONLY re-runs): ${Object.entries(results.measuredAt ?? {}).map(([name, at]) => `${name} ${at.slice(0, 16).replace('T', ' ')}`).join(', ')} UTC.\n` : '';
  return `# Benchmarks

Written by \`npm run bench\` (bench/run-benchmarks.ts) on ${results.generatedAt.slice(0, 16).replace('T', ' ')} UTC in ${results.durationSeconds} s;
the raw figures are in [bench/results.json](bench/results.json). Every figure is the median of several runs
(append ${results.settings.append.runs}, HTTP ${results.settings.http.runs}, projection catch-up ${results.settings.projection.runs}, replay ${results.settings.replay.runs ?? 3}, relay 3, webhooks ${results.settings.webhooks?.runs ?? 3}, renewal day ${results.settings.renewal?.runs ?? 3}, reads ${results.settings.reads?.runs ?? 3}, growth ${results.settings.growth?.runs ?? 3};
the contestants' runs interleaved), all against one PostgreSQL server (${results.database}), in one Node
process except renewal day's worker processes.
${sections}
| machine | |
|---|---|
| cores | ${m.cpus} × ${m.cpuModel} |
| memory | ${m.memoryGiB} GiB |
| Node | ${m.node} (${m.platform})${m.node === `v${LTS_NODE.version}` ? ', the Node the service ships on (Dockerfile), whichever Node started `npm run bench`' : ''} |
| PostgreSQL | ${m.postgres} (default settings of the embedded server: fsync on, synchronous_commit on) |

**Noise.** Other processes (other test suites and builds on the same machine) may have shared
the ${m.cpus} cores during the run; the load generator, the service and PostgreSQL also share them.
Absolute numbers are therefore low and jumpy; the ratios between contestants measured side by side
are the meaningful part, and CPU per operation is the steadiest figure. Re-run with \`BENCH_RUNS=5\`
on a quiet machine for steadier figures.
`;
}

function appendSection(figures: readonly AppendFigure[] | undefined, options: SuiteOptions): string {
  if (!figures) return '## 1. Append\n\nNot in bench/results.json yet: a full `npm run bench` measures it.\n';
  const find = (contestant: string, writers: number) => figures.find((f) => f.contestant === contestant && f.writers === writers);
  const writers = [...new Set(figures.map((f) => f.writers))];
  const rows = Object.values(CONTESTANTS).map((name) => `| ${name} | ${writers.map((w) => { const f = find(name, w); return `${fmt(f?.eventsPerSecond)} | ${fmt(f?.p50Ms, 1)} | ${fmt(f?.p99Ms, 1)}`; }).join(' | ')} |`);
  const ours = (w: number) => find(CONTESTANTS.ours, w)?.eventsPerSecond;
  const beforeAfter = writers.map((w) => `| ${w} | ${fmt(find(CONTESTANTS.oursSingle, w)?.eventsPerSecond)} | ${fmt(ours(w))} | ${fmt(ratio(ours(w), find(CONTESTANTS.oursSingle, w)?.eventsPerSecond), 2)}× | ${fmt(find(CONTESTANTS.oursSingle, w)?.p99Ms, 1)} → ${fmt(find(CONTESTANTS.ours, w)?.p99Ms, 1)} |`);
  return `## 1. Append

Each writer appends one event at a time (a \`ProductCountReported\` with the usual metadata,
≈ 400 bytes) to streams it owns, with the exact expected revision, for ${options.append.durationMs / 1000} s per run; every
contestant has its own database on the same server and a pool of ${options.append.poolSize} connections.

| contestant | ${writers.map((w) => `${w} writer${w > 1 ? 's' : ''}: events/s | p50 ms | p99 ms`).join(' | ')} |
|---|${writers.map(() => '---:|---:|---:').join('|')}|
${rows.join('\n')}

${targetTable(appendTargets(figures))}

CPU per appended event, Node and PostgreSQL together (µs; steadier than throughput on a shared machine):

| contestant | ${writers.map((w) => `${w} writer${w > 1 ? 's' : ''}`).join(' | ')} |
|---|${writers.map(() => '---:').join('|')}|
${Object.values(CONTESTANTS).map((name) => `| ${name} | ${writers.map((w) => fmt(find(name, w)?.cpuUsPerEvent)).join(' | ')} |`).join('\n')}

Before and after group commit in our engine (same run, same server):

| writers | one transaction per append, events/s | group commit, events/s | gain | p99 ms before → after |
|---:|---:|---:|---:|---|
${beforeAfter.join('\n')}

${ANALYSIS.append}
`;
}

function httpSection(results: BenchResults): string {
  const h = results.http;
  if (!h) return '## 2. Commands over HTTP\n\nNot in bench/results.json yet: a full `npm run bench` measures it.\n';
  const row = (name: string, f: typeof h.api) =>
    `| ${name} | ${fmt(f.commandsPerSecond)} | ${fmt(f.p50Ms, 1)} | ${fmt(f.p99Ms, 1)} | ${f.errors} | ${f.non2xx} | ${fmt(f.cpuMsPerCommand, 2)} | ${fmt(f.pgCpuMsPerCommand, 2)} |`;
  const reference = h.apiWithoutWorker ? `\n${row('for reference: the API without its worker', h.apiWithoutWorker)}` : '';
  const apart = h.apiWorkerApart ? `\n${row('for reference: the API, its worker in a process of its own', h.apiWorkerApart)}` : '';
  const inProcess = h.apiGeneratorInProcess ? `\n${row('for reference: the API, load generator in its process (CPU includes the generator)', h.apiGeneratorInProcess)}` : '';
  const generator = h.apiGeneratorInProcess
    ? 'from a process of its own (bench/load-generator.ts), as a real client would be'
    : 'in the same process as the server';
  const cpu = h.apiGeneratorInProcess
    ? `CPU per command is the server process's plus PostgreSQL's, and the worker
process's where it has one; the load generator's is not counted, except in the last row, which measures
the API as this section did until 2026-12-05 (autocannon in the server's own process, its CPU in the figure).`
    : `CPU is this process's (server and autocannon) plus PostgreSQL's, and the worker process's where it
has one, per command.`;
  return `## 2. Commands over HTTP

autocannon, ${h.connections} connections, ${results.settings.http.seconds} s per run, ${generator}. Each
connection walks fresh accounts through this script, so every command is valid: ${h.mix.join(' → ')}.
The API runs with its worker (read models and collector; its notifications are left to another worker, see bench/http.bench.ts); the bare route is Fastify alone,
appending the request body as an event in one raw-SQL transaction (upsert the stream row, insert
the event, commit). The payment is recorded by finance's endpoint against the invoice that
subscribing issued; the benchmark's token is an admin's. The next two rows, for reference only,
are the same API without its worker (the command path alone) and the same API with its worker in a
process of its own (apps/worker's composition, as the distributed setup runs it). ${cpu}

| server | commands/s | p50 ms | p99 ms | errors | non-2xx | CPU ms/command | of it PostgreSQL |
|---|---:|---:|---:|---:|---:|---:|---:|
${row('the API', h.api)}
${row('bare Fastify + raw SQL', h.bare)}${reference}${apart}${inProcess}

${previewTable(h)}${targetTable(httpTargets(h))}

${ANALYSIS.http(h)}
`;
}

/** The preview beside the command it shows (preview-latency.ts), when the run measured it. */
function previewTable(h: NonNullable<BenchResults['http']>): string {
  const p = h.preview;
  if (!p) return '';
  const row = (name: string, f: typeof p.preview) => `| ${name} | ${fmt(f.requestsPerSecond)} | ${fmt(f.p50Ms, 1)} | ${fmt(f.p99Ms, 1)} | ${f.errors + f.non2xx} |`;
  return `A preview beside its command: one more branch previewed, then added for real, over ${p.accounts} subscribed
accounts at the same concurrency, from the load generator's own process, latencies to a tenth of a
millisecond. Preview p50 ÷ command p50: ${fmt(p.p50Ratio, 2)}.

| request | per s | p50 ms | p99 ms | errors and non-2xx |
|---|---:|---:|---:|---:|
${row('preview (POST /v1/accounts/{id}/preview)', p.preview)}
${row('the command (POST …/subscription/branches)', p.command)}

`;
}

function projectionSection(results: BenchResults): string {
  const p = results.projection;
  if (!p) return '## 3. Projection catch-up\n\nNot in bench/results.json yet: a full `npm run bench` measures it.\n';
  const cpu = (which: 'all' | 'trivial', part: 'node' | 'server') => fmt(medianOfAll(p.runs.map((run) => run.cpu?.[which][part])), 1);
  return `## 3. Projection catch-up

The worker's projection runner catches up from the first event over ${fmt(p.events)} generated events
(see section 4 for the generator), once with every read model at once (${p.readModels.join(', ')}),
once with a trivial projection that upserts one counter row per stream per batch.

| projection | events/s | CPU µs/event: Node | PostgreSQL |
|---|---:|---:|---:|
| all read models together | ${fmt(p.allEventsPerSecond)} | ${cpu('all', 'node')} | ${cpu('all', 'server')} |
| trivial batched upsert | ${fmt(p.trivialEventsPerSecond)} | ${cpu('trivial', 'node')} | ${cpu('trivial', 'server')} |

${targetTable(projectionTargets(p))}

${ANALYSIS.projection(p)}
`;
}

function replaySection(results: BenchResults): string {
  const r = results.replay;
  if (!r) return '## 4. Full replay\n\nNot in bench/results.json yet: a full `npm run bench` measures it.\n';
  return `## 4. Full replay

${fmt(r.events)} events from a simulation-like generator (bench/event-generator.ts): accounts in five
currencies and six tax regions walk through the real decider — open, payment method, subscribe,
then product counts, tier and branch changes, payments of open invoices, declines, hibernation —
with renewals and dunning falling due on the way, about 50 events per account. They were written
in ${fmt(r.generationSeconds, 1)} s (${fmt(r.generationEventsPerSecond)} events/s: decider plus whole-history appends through the
group-committed engine). The replay rebuilds every read model (${results.projection?.readModels.join(', ') ?? 'all of them'}) beside the live
one from the first event, reading each batch of the feed once for all of them and applying it in
two lanes side by side, and swaps them in together — \`rebuildAndSwap\`, what \`ledger replay\` runs.

| run | replay time | RSS before | peak RSS | live heap's floor, 2nd half − 1st | CPU µs/event: Node | PostgreSQL |
|---:|---:|---:|---:|---:|---:|---:|
${r.runs.map((run, i) => `| ${i + 1} | ${fmt(run.seconds, 1)} s | ${fmt(run.rssBeforeMiB)} MiB | ${fmt(run.peakRssMiB)} MiB | ${run.liveHeapGrowthMiB === undefined ? '—' : `${fmt(run.liveHeapGrowthMiB)} MiB`} | ${fmt(run.cpuUsPerEvent?.node, 1)} | ${fmt(run.cpuUsPerEvent?.server, 1)} |`).join('\n')}

Median: ${fmt(r.seconds, 1)} s, ${fmt(r.eventsPerSecond)} events/s. Before each run the database is vacuumed and
the server checkpointed, so that no run pays for the one before it. Memory, at each tenth of the
median run: the live heap's floor (the smallest heap V8 held right after a full collection; – for
a tenth without one) ${(r.liveHeapByTenthMiB ?? []).map((v) => (v === null ? '–' : fmt(v))).join(' · ')} MiB, and RSS sampled
every 50 ms ${r.rssByTenthMiB.map((v) => fmt(v)).join(' · ')} MiB (the process also holds the benchmark's own
pools and the code of every benchmark; the first replay after generating grows the heap to its
working size).

${targetTable(replayTargets(r))}

${r.events < 1_000_000 ? `**Scaled down:** this run used BENCH_EVENTS=${r.events}, not the full 1 000 000.\n\n` : ''}${ANALYSIS.replay(r)}
`;
}

function relaySection(results: BenchResults): string {
  const r = results.relay;
  if (!r) return '## 5. Relay\n\nNot in bench/results.json yet: a full `npm run bench` measures it.\n';
  if (r.status === 'skipped') return `## 5. Relay\n\nSkipped: ${r.reason}. The figure will appear here once it can run.\n`;
  const rows = (r.rows ?? []).map((row) => `| ${row.batchSize} | ${fmt(row.rawEventsPerSecond)} | ${fmt(row.relayEventsPerSecond)} | ${fmt(row.ratio, 2)}× |`);
  return `## 5. Relay

bench/relay.bench.ts (from the Kafka work) over ${fmt(r.events)} events: the relay publishing into
librdkafka's mock cluster (3 brokers, 6 partitions, acks=all) against raw kafkajs sending the very
same records; median of three runs each.

| batch size | raw kafkajs, events/s | relay, events/s | relay ÷ raw |
|---:|---:|---:|---:|
${rows.join('\n')}

${targetTable(relayTargets(r))}

${ANALYSIS.relay}
`;
}

function webhooksSection(results: BenchResults): string {
  const w = results.webhooks;
  if (!w) return '## 9. Outgoing webhooks\n\nNot in bench/results.json yet: a full `npm run bench` measures it.\n';
  const cpuRow = (name: string, cpu: CpuPerDelivery) => `| ${name} | ${fmt(cpu.node, 1)} | ${fmt(cpu.server, 1)} | ${fmt(cpu.receiver, 1)} |`;
  return `## 9. Outgoing webhooks

bench/webhook.bench.ts over ${fmt(w.events)} generated events and ${w.endpoints} endpoints (${fmt(w.deliveries)} deliveries): the worker's
webhook delivery from the first event to the last outcome recorded (the fan-out follower records
one delivery per event and endpoint, the dispatcher claims, signs, POSTs and records each), against
plain keep-alive POSTs of the very same bodies from the same process, ${w.inFlight} in flight as the
dispatcher's lanes allow (${w.endpoints} endpoints × 4). The receiver is a bare Node HTTP server in a
process of its own, answering 204. Median of ${w.runs.length} runs each, interleaved.

| contestant | deliveries/s |
|---|---:|
| webhook delivery | ${fmt(w.webhooksPerSecond)} |
| raw HTTP POSTs through node:http | ${fmt(w.rawPerSecond)} |
${w.rawUndiciPerSecond === undefined ? '' : `| raw HTTP POSTs through undici, the sender's client | ${fmt(w.rawUndiciPerSecond)} |\n`}${w.baselinePerSecond === undefined ? '' : `\nThe target divides by the faster of the two raw clients (${fmt(w.baselinePerSecond)} POSTs/s), so that the sender's choice of client cannot flatter it.\n`}
${targetTable(webhookTargets(w))}

CPU per delivery (µs; medians): this process (sender, and for webhooks also the fan-out and the
dispatcher), PostgreSQL, and the receiver:

| contestant | Node | PostgreSQL | receiver |
|---|---:|---:|---:|
${cpuRow('webhook delivery', w.cpu.webhooks)}
${w.stages ? `${cpuRow('— of it, the fan-out alone', w.stages.fanOut)}\n${cpuRow(`— of it, the dispatcher alone (${fmt(w.stages.dispatchPerSecond)} deliveries/s)`, w.stages.dispatch)}\n` : ''}${cpuRow('raw HTTP POSTs through node:http', w.cpu.raw)}${w.cpu.rawUndici ? `\n${cpuRow('raw HTTP POSTs through undici', w.cpu.rawUndici)}` : ''}

The two stages are also run one after the other (the fan-out until it has caught up, then the
dispatcher until nothing is pending) to show where the webhooks' CPU goes. The raw POSTs are sent
through node:http and through undici, the webhook sender's client, and the target takes the faster.

${ANALYSIS.webhooks}
`;
}

/** Every target in one table, right under the machine, so a missed one is seen first. */
function summary(results: BenchResults): string {
  const checks = allTargets(results);
  const missed = checks.filter((c) => c.met === false).length;
  return `## Targets at a glance

${checks.length - missed} of ${checks.length} met${missed ? `; ${missed} missed — each section says what bounds its figure` : ''}.

${targetTable(checks)}${missedExplained(results)}
`;
}

function limitsSection(results: BenchResults): string {
  const probes = results.limits;
  if (!probes) return "## 0. The machine's limits\n\nNot in bench/results.json yet: a full `npm run bench` measures it.\n";
  const ceiling = probes.find((p) => p.rowsPerTransaction > 1)?.rowsPerSecond;
  const ours32 = results.append?.find((f) => f.contestant === CONTESTANTS.ours && f.writers === 32)?.eventsPerSecond;
  const share = ours32 !== undefined && ceiling ? `Our engine at 32 writers (section 1) appended ${fmt(ours32)} events/s, ${fmt((100 * ours32) / ceiling)} % of the insert ceiling.` : '';
  return `## 0. The machine's limits

What this machine and server can write at all, with no event store: rows shaped like ours (the
append benchmark's event, the same indexes and jsonb columns), each statement its own transaction.
One connection committing one row at a time waits for every WAL flush (the disk's floor); 32
connections let PostgreSQL flush many commits at once, so the cores become the limit; 500 rows per
transaction over 4 connections is the insert ceiling — nothing that commits what it appends can go
faster here. ${share}

| probe | rows/s | transaction p50 ms | CPU µs/row |
|---|---:|---:|---:|
${probes.map((p) => `| ${p.name} | ${fmt(p.rowsPerSecond)} | ${fmt(p.transactionP50Ms, 2)} | ${fmt(p.cpuUsPerRow)} |`).join('\n')}
`;
}

/** The whole run's seconds when every section was measured in it, for How to run's estimate. */
function totalSeconds(results: BenchResults): number | undefined {
  const times = Object.values(results.measuredAt ?? {});
  return times.length >= 10 && new Set(times).size === 1 ? results.durationSeconds : undefined;
}

export function renderReport(results: BenchResults): string {
  return [header(results), summary(results), limitsSection(results), appendSection(results.append, results.settings), httpSection(results), projectionSection(results), replaySection(results), relaySection(results), renewalSection(results), readsSection(results), growthSection(results), webhooksSection(results), howToRun(totalSeconds(results))].join('\n');
}
