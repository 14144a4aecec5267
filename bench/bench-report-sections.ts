import type { BenchResults } from './bench-report';
import { GROWTH_ANALYSIS, readsAnalysis, renewalAnalysis } from './bench-analysis-sections';
import { median, medianOfAll } from './bench-support';
import { growthTargets, readsTargets, renewalTargets, targetTable } from './bench-targets';

/** Sections 6–8 of BENCHMARKS.md: renewal day, reads, growth (bench-report.ts renders the rest). */
const fmt = (value: number | undefined, digits = 0): string => (value === undefined || Number.isNaN(value) ? '—' : value.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits }));

export function renewalSection(results: BenchResults): string {
  const r = results.renewal;
  if (!r) return '## 6. Renewal day\n\nNot in bench/results.json yet: a full `npm run bench` measures it.\n';
  const m = r.mix;
  const rows = r.byWorkers.map((w) =>
    `| ${w.workers} | ${fmt(w.seconds, 1)} s | ${fmt(w.accountsPerSecond)} | ${fmt(w.eventsPerSecond)} | ${fmt(w.cpuMsPerAccount, 2)} | ${fmt(w.pgCpuMsPerAccount, 2)} | ${fmt(w.eventsPerSecond / r.rawEventsPerSecond, 2)}× |`);
  const rawCpu = r.raw.every((run) => run.cpuUsPerEvent !== undefined) ? ` at ${fmt(median(r.raw.map((run) => run.cpuUsPerEvent as number)))} µs of CPU per event` : '';
  return `## 6. Renewal day

${fmt(m.accounts)} accounts opened and subscribed on the same day (bench/renewal-accounts.ts, through the real
decider): ${fmt(m.withCard)} with a sandbox card (\`tok_ok\`, as \`PUT …/payment-method\` sets it), the others paying by
transfer; ${fmt(m.withExtraBranch)} with extra branches, ${fmt(m.hibernating)} hibernating from the period's end, ${fmt(m.overLimit)} over their
tier's product limit (a grace running). Every read model is caught up and the collector is at the
head; then the worker processes' manual clocks move one minute past the period start and the clock
runs until every renewal invoice is issued, every card collected and every read model and the
collector have caught up with the last event (checked: ${fmt(m.accounts)} renewal invoices and
${fmt(m.withCard)} collector payments, no account still due). The work writes ${fmt(r.byWorkers[0]?.events)} events of
${fmt(r.averageEventBytes)} bytes (data and metadata) on average. With one worker process, that process runs the due work,
the read models and the collector (\`apps/worker\`'s default without its notifications: a renewal email with its PDF for every account is a job of its own); with two, the due work is split by
a hash of the account id (\`WORKER_SHARE=1/2\` and \`2/2\`) and so are the feed's followers: the first
process keeps the read models, the second the collector (\`WORKER_FOLLOWS\`). Each process is
\`apps/worker\`'s own composition (\`startWorker\`). CPU is the worker processes' and PostgreSQL's, per account. The yardstick
is the raw group-commit append (bench/raw-append.baseline.ts) of the very events the one-worker run
wrote, in the same groups, 32 writers: ${fmt(r.rawEventsPerSecond)} events/s${rawCpu}.

| worker processes | time | accounts/s | events/s | CPU ms/account | of it PostgreSQL | events/s ÷ raw |
|---:|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}
${readModelsAloneTable(r)}
${targetTable(renewalTargets(r))}

${m.accounts < 20_000 ? `**Scaled down:** this run used BENCH_RENEWAL_ACCOUNTS=${m.accounts}.\n\n` : ''}${renewalAnalysis(r, results.machine.cpus)}
`;
}

/** The ceiling: the read models alone over the renewal's events (renewal-models.ts), when the run measured it. */
function readModelsAloneTable(r: NonNullable<BenchResults['renewal']>): string {
  const runs = r.readModelsAlone;
  if (!runs || runs.length === 0 || r.readModelsAloneEventsPerSecond === undefined) return '';
  const cpu = medianOfAll(runs.map((run) => run.cpuUsPerEvent));
  const pg = medianOfAll(runs.map((run) => run.pgCpuUsPerEvent));
  return `
The ceiling, measured in the same runs: the events each one-worker run wrote, copied after the
template's ledger into a fresh copy of it, and every read model caught up over them from the
template's checkpoints (bench/renewal-models.ts) — nothing decided or collected, the events in full
batches of 2 000 instead of as they are written.

| the read models alone over the same events | events/s | CPU µs/event | of it PostgreSQL | events/s ÷ raw |
|---|---:|---:|---:|---:|
| all read models, caught up from the template's checkpoints | ${fmt(r.readModelsAloneEventsPerSecond)} | ${fmt(cpu)} | ${fmt(pg)} | ${fmt(r.readModelsAloneRatio, 2)}× |
`;
}

export function readsSection(results: BenchResults): string {
  const r = results.reads;
  if (!r) return '## 7. Reads\n\nNot in bench/results.json yet: a full `npm run bench` measures it.\n';
  const row = (route: string, who: string, f: (typeof r.routes)[number]['api']) =>
    `| ${route} | ${who} | ${fmt(f.requestsPerSecond)} | ${fmt(f.p50Ms, 1)} | ${fmt(f.p99Ms, 1)} | ${f.failures} | ${fmt(f.cpuMsPerRequest, 3)} |`;
  return `## 7. Reads

autocannon in a process of its own, ${r.connections} connections, ${results.settings.reads.seconds} s per run, each request for a random one of
${fmt(r.accounts)} accounts (renewal day's accounts, section 6, read models caught up). The API is the real one with
its worker, under a still manual clock so that nothing falls due while it is read; the bare route is
Fastify alone running the same SELECT (a named statement, as the API's) on the same table and
answering the rows as they come. Two reference rows: the same read answered outside Nest's pipeline
by a Fastify route on the same API, so that every request hook of the API still runs
(bench/reads-outside-nest.ts, in the benchmark only), measured in the same runs; and the same API
started again without its worker, measured after the first one has stopped. CPU is the server
process's and PostgreSQL's per request, not the load generator's.

| route | server | requests/s | p50 ms | p99 ms | failures | CPU ms/request |
|---|---|---:|---:|---:|---:|---:|
${r.routes
  .flatMap((route) => [
    row(route.route, 'the API', route.api),
    row(route.route, 'bare Fastify + the same SELECT', route.bare),
    ...(route.outsideNest ? [row(route.route, `for reference: the same read outside Nest, the API's hooks kept (${fmt(route.outsideNestRatio, 2)}× bare)`, route.outsideNest)] : []),
    ...(route.apiWithoutWorker ? [row(route.route, 'for reference: the API without its worker', route.apiWithoutWorker)] : []),
  ])
  .join('\n')}

${targetTable(readsTargets(r))}

${readsAnalysis(r)}
`;
}

export function growthSection(results: BenchResults): string {
  const g = results.growth;
  if (!g) return '## 8. Growth\n\nNot in bench/results.json yet: a full `npm run bench` measures it.\n';
  const row = (what: string, s: number, b: number, unit: string, digits = 1) => `| ${what} | ${fmt(s, digits)} ${unit} | ${fmt(b, digits)} ${unit} | ${fmt(b / s, 2)}× |`;
  return `## 8. Growth

The small ledger has ${fmt(g.small.events)} events over ${fmt(g.small.accounts)} accounts, generated through the decider
(section 4's generator); the big one has ${fmt(g.big.events)} events over ${fmt(g.big.accounts)} accounts: the small one
copied, then bulk-loaded with set-based INSERT … SELECT clones of its account histories (bench/growth-load.ts;
${fmt(g.loadSeconds)} s, ${fmt(g.loadedEventsPerSecond)} events/s, with the accounts and invoices read-model rows
and an ANALYZE). The clones keep their template's hashes, so the hash chain is not checked on this
data. Each run measures both ledgers in turn: the command script of section 2 over HTTP at
${results.settings.growth.connections} connections, \`GET /v1/accounts/{id}\` of a random account of the ledger at
${results.settings.growth.connections} connections (${results.settings.growth.seconds} s each), and the engine's append at
32 writers. \`BENCH_GROWTH_EVENTS=1000000\` makes a quicker, scaled-down run (about a minute of loading instead of a quarter of an hour).

| figure | ${fmt(g.small.events)} events | ${fmt(g.big.events)} events | big ÷ small |
|---|---:|---:|---:|
${row('command p50', g.small.commandP50Ms, g.big.commandP50Ms, 'ms')}
${row('command p99', g.small.commandP99Ms, g.big.commandP99Ms, 'ms')}
${row('read p50', g.small.readP50Ms, g.big.readP50Ms, 'ms')}
${row('read p99', g.small.readP99Ms, g.big.readP99Ms, 'ms')}
${row('append, events/s', g.small.appendEventsPerSecond, g.big.appendEventsPerSecond, '', 0)}
${row('database size', g.small.databaseMiB, g.big.databaseMiB, 'MiB', 0)}
${row('events table with its indexes', g.small.eventsTableMiB, g.big.eventsTableMiB, 'MiB', 0)}

Database size per million events: ${fmt(g.mibPerMillionEvents)} MiB (the whole big database: events, streams and
the read models' rows), of which the events table and its indexes ${fmt(g.big.eventsTableMiB / (g.big.events / 1e6))} MiB.

${targetTable(growthTargets(g))}

${g.big.events < 10_000_000 ? `**Scaled down:** the big ledger of this run holds ${fmt(g.big.events)} events; the issue asks for 10 000 000 (\`BENCH_GROWTH_EVENTS=10000000\`, about ${fmt((10_000_000 - g.big.events) / Math.max(g.loadedEventsPerSecond, 1) / 60)} more minutes of bulk loading at this run's rate and ≈ ${fmt((g.mibPerMillionEvents * 10) / 1024)} GiB of disk).\n\n` : ''}${GROWTH_ANALYSIS}
`;
}

