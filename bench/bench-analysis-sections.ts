import type { ReadsFigures } from './reads.bench';
import type { RenewalFigures } from './renewal.bench';
import { medianOfAll, formatFigure } from './bench-support';

/**
 * The prose of sections 6–8 (renewal day, reads, growth) and of How to run. Sentences about the
 * run's own figures take them from the results, so a new full run refreshes them; figures measured
 * while the code was changed are said to be so, with the load they were measured at.
 */
const fmt = formatFigure;

export function renewalAnalysis(r: RenewalFigures, cores: number): string {
  const [one, two] = [r.byWorkers.find((w) => w.workers === 1), r.byWorkers.find((w) => w.workers === 2)];
  const eventsPerAccount = one ? one.events / r.mix.accounts : undefined;
  const perEvent = one?.cpuMsPerAccount !== undefined && eventsPerAccount ? one.cpuMsPerAccount / eventsPerAccount : undefined;
  const rawUs = medianOfAll(r.raw.map((run) => run.cpuUsPerEvent));
  const rawMs = rawUs === undefined ? undefined : rawUs / 1000;
  const cpuRatio = rawMs !== undefined && perEvent ? rawMs / perEvent : undefined;
  return `**What was changed.** Measured with 4 000 accounts and one worker process, the code before and
after this change alternating twice in one run on a machine at load ≈ 15 on its 2 cores: before,
113–115 s, 35 accounts/s and 9.2–9.4 ms of CPU per account (5.4–5.7 of it PostgreSQL's); after,
14.6–16.8 s, 238–273 accounts/s and 2.1–2.2 ms (1.0 of it PostgreSQL's). Before, the due-work runner (libs/application/due-work/due-work.runner.ts) sent one
AdvanceTime at a time and, before every page of 100 due accounts, waited for every read model and
the collector to catch up with the head; the collector charged one invoice at a time and read and
folded the account's stream twice per charge. Now the runner walks the due accounts page by page
(keyset on the \`next_due_at\` index, 500 a page) without waiting in between, runs 32 AdvanceTimes at
once so that their appends share commits in the engine's group commit, and waits for the read
models once per round (a second round finds nothing, or what fell due meanwhile; an account still
due after a settled round is a bug and stops the runner, as before). The collector
(libs/application/payments/collector.ts) takes each feed batch of 500 events, groups the events
that ask for a charge by account and handles 32 accounts at once (each account's events in order),
reads the history once per reaction, and moves its checkpoint once per batch: a batch redelivered
after a crash finds every outcome already recorded under the attempt's idempotency key, so nothing
is charged twice. Workers split the due work by a hash of the account id (\`WORKER_SHARE=k/n\`);
two runners still meet safely at the expected revision if their shares overlap. A worker runs the
feed's followers it is told to (\`WORKER_FOLLOWS\`, both by default), so that they can be divided.

**What bounds it.** CPU. Renewing an account is an AdvanceTime (read the stream, fold, decide a
renewal and its invoice, append three events), every read model applying them, and for a card
a charge (read, fold, the sandbox gateway, RecordPayment, two more events) that the read models apply
again. In this run, with one worker process: ${fmt(one?.cpuMsPerAccount, 2)} ms of CPU per account, ${fmt(perEvent, 3)} ms per event written
(${fmt(eventsPerAccount, 1)} events per account), where the raw append of the same events costs ${fmt(rawMs, 3)} ms. So the ratio to the raw
append is about the ratio of CPU per event (${fmt(cpuRatio, 2)}× by CPU, ${fmt(r.ratio, 2)}× measured), and no amount of concurrency lifts
it on two cores: the goal of 0.5× would need the whole renewal — decision, read models and
collection — to cost at most twice what inserting its events costs.${readModelsCeiling(r, cores)} A V8 profile of the worker
process (\`BENCH_PROFILE_DIR\`, taken while writing this) splits its Node time into the pg driver
(writing and parsing ≈ a third), garbage collection (≈ 13 %), the domain's evolve and fold (≈ 10 %,
the collector's and the command loop's folds of whole histories), the decider and the read models.

**This round (issue 20, later).** Where renewal day's PostgreSQL time went, from
\`pg_stat_statements\` over a one-worker run of 4 000 accounts (execution time per account, load
≈ 10, 2026-12-05 08:25 UTC): the accounts read model's upsert ≈ 350 µs, the append ≈ 260, MRR's
accounts upsert ≈ 190, the streams' reads ≈ 190, the journal's lines ≈ 100, invoices ≈ 70 —
the two per-account upserts, a third of the server's time, were pglz compressing the folded
state on every write, which section 3's change (rows kept whole and uncompressed in the page)
removed. Between the full run before it (08:02 UTC, the code of 966e9b5) and this one, not
alternating in one run: 704 → 1,142 accounts/s with one worker, 2.47 → 1.40 ms of CPU per account,
of it PostgreSQL's 1.68 → 0.72; the ratio to the raw append moved less (0.10 → 0.13×), because the
raw append of the same events ran faster in this run too (21,894 → 26,689 events/s). The read
models alone over the same events are measured since this round, beside the renewal (above).

How the work spreads over two workers: the due work by a hash of the account id
(\`WORKER_SHARE\`), and the feed's followers by kind (\`WORKER_FOLLOWS\`: every read model in the
first process, the collector in the second). Each process then has about half of the Node work,
and PostgreSQL serves both. In this run two processes renewed ${fmt(two?.accountsPerSecond)} accounts/s against ${fmt(one?.accountsPerSecond)} for one
(CPU ${fmt(two?.cpuMsPerAccount, 2)} against ${fmt(one?.cpuMsPerAccount, 2)} ms per account). While writing this: the first arrangement tried, the
second process doing only its half of the due work, was slower than one process (158 against 197
accounts/s): the followers are most of the work, so the second process finished its share early
and waited for the first. With the followers divided, two processes measured 150 against 143
accounts/s for one with 4 000 accounts at load ≈ 15, where no core is idle for the second process,
and 452 against 282 accounts/s (CPU 1.95 against 2.06 ms per account) with the default 20 000
accounts at load ≈ 10–13, where there is some room: the split pays off as far as the machine has
cores to give. What would spread further: collectors per share with checkpoints of their own and
the read models divided between processes; and, for the ratio, read models that cost less per
event (section 3).`;
}

/**
 * What the read models alone over the renewal's events say about the goal, when the run measured
 * them. The goal's throughput, on this machine's cores, leaves a budget of CPU per event for the
 * whole renewal (cores ÷ events/s); the raw append itself does not fill the cores (its commits wait
 * for the WAL), so that budget, not its CPU per event, is the yardstick.
 */
export function renewalBudget(r: RenewalFigures, cores: number): { budgetUs?: number; renewalUs?: number; modelsUs?: number; modelsPgUs?: number } {
  const one = r.byWorkers.find((w) => w.workers === 1);
  const eventsPerAccount = one ? one.events / Math.max(r.mix.accounts, 1) : undefined;
  return {
    budgetUs: r.rawEventsPerSecond ? (cores * 1e6) / (0.5 * r.rawEventsPerSecond) : undefined,
    renewalUs: one?.cpuMsPerAccount !== undefined && eventsPerAccount ? (one.cpuMsPerAccount * 1000) / eventsPerAccount : undefined,
    modelsUs: medianOfAll(r.readModelsAlone?.map((run) => run.cpuUsPerEvent) ?? []),
    modelsPgUs: medianOfAll(r.readModelsAlone?.map((run) => run.pgCpuUsPerEvent) ?? []),
  };
}

function readModelsCeiling(r: RenewalFigures, cores: number): string {
  if (r.readModelsAloneRatio === undefined || !r.readModelsAlone?.length) return '';
  const { budgetUs, renewalUs, modelsUs, modelsPgUs } = renewalBudget(r, cores);
  const over = modelsUs !== undefined && budgetUs !== undefined && modelsUs > budgetUs;
  return ` The read models alone are measured beside it (the table above): applying the same events in
full batches, with nothing decided or collected, they reached ${fmt(r.readModelsAloneEventsPerSecond)} events/s, ${fmt(r.readModelsAloneRatio, 2)}× the raw
append, at ${fmt(modelsUs)} µs of CPU per event (PostgreSQL ${fmt(modelsPgUs)}). On ${cores} cores, 0.5× of the raw append's
${fmt(r.rawEventsPerSecond)} events/s leaves the whole renewal at most ${fmt(budgetUs)} µs of CPU per event; it took ${fmt(renewalUs)}. ${over
    ? `The read models alone cost more than that budget: with them kept caught up on the same cores, no
renewal could reach 0.5× here, however little its decisions and collection cost. What would reach
it is read models cheaper per event, or the read models on cores of their own, catching up behind
the renewal as followers do.`
    : `The read models alone fit in that budget; the rest of the renewal's cost, its decisions, stream
reads and collection, is what takes it over.`}`;
}

export function readsAnalysis(r: ReadsFigures): string {
  const routes = r.routes.map((route) => `${route.route} cost ${fmt(route.api.cpuMsPerRequest, 2)} ms of CPU per request in the API against ${fmt(route.bare.cpuMsPerRequest, 2)} in the bare route, ${fmt(route.ratio, 2)}× its throughput, p99 ${fmt(route.api.p99Ms, 1)} against ${fmt(route.bare.p99Ms, 1)} ms`).join('; ');
  return `**What bounds it.** Per request, the API does what the bare route does — one SELECT on the
read model by primary key or by the \`(account_id, position)\` index — plus Nest's pipeline: the rate
limiter and the JWT (cached after the first verification), the roles guard and the \`?after=\` guard,
the ValidationPipe on the path and query DTOs, the QueryBus, the security headers, the latency
histogram and the request log line, and the JSON view of each invoice. Measured while writing this (load ≈ 15–25 on
the 2 cores): 0.73 against 0.33 ms of CPU per account read and 0.60 against 0.34 ms per invoice
list, so the API costs ≈ 0.3–0.4 ms more CPU per read than the bare route and its throughput is
≈ 0.4–0.6× of the bare route's; absolute latencies on a machine that loaded are queueing for the
cores (p50 ≈ connections ÷ throughput). The first measurement was far worse and taught two things
about measuring reads: the API's worker, started under the system clock, began renewing the
generated accounts (their periods lay in the past) in the middle of the reads, and its collector
started from the first event; the API now runs under a still manual clock and the collector starts
at the head. What would meet the goals: reads that skip Nest's per-request machinery (a Fastify
route with a JSON-schema validator for the path, the guard's role check inlined) — the bare route
shows the floor — and, for p99 ≤ 10 ms at 32 connections, a machine where the server is not
sharing two cores with the load generator and PostgreSQL.

**This round.** A V8 profile of the account read put two things of Nest's on every GET: the two
global interceptors (\`?after=\` and Idempotency-Key), whose mere presence wraps each handler in
RxJS (\`defer\`, \`lastValueFrom\`, a subscription per interceptor), and the ValidationPipe, where
class-validator looked a DTO's rules up on every call by walking every class it knows. Now
\`?after=\` is a guard that runs after the AuthGuard, Idempotency-Key's interceptor is bound only to
POST, PUT and PATCH handlers, so a GET runs no interceptor at all, and a path parameter or query
that passes is checked from a plan of its class's own checks made once (anything that fails still
goes through class-validator, so every 400 reads as before). Every GET gets these, not only the
two routes here. Measured before and after, alternating, with the load generator in its own
process, 10,000 accounts, BENCH_RUNS=3 (medians of three runs; the CPU is the server's and
PostgreSQL's). On a quiet spell (load ≈ 2–5): the account read 0.26 → 0.24 ms of CPU per request
(bare route 0.16 and 0.18 in the two runs), 0.59× → 0.72× of the bare route's throughput, p99
12 → 10 ms; the invoice list 0.35 → 0.29 ms (bare 0.20 and 0.21), 0.55× → 0.73×, p99 14 → 13 ms.
So the API's cost over the bare route fell from ≈ 0.10 to 0.06 ms per account read and from
≈ 0.15 to 0.08 per invoice list; part of the ratios' rise is the bare route's own spread (8,990
and 7,771 account reads/s in the two runs), so the throughput goal sits at the edge of the noise: the full run before this one (07:01–07:28
UTC, the same code but for whole-millisecond percentiles) measured the account read at 0.73× (p99
11 ms) and the invoice list at 0.67× (p99 14 ms); this run's figures are at the end of this section.
The p99 goal of 10 ms is missed in both: the p50 alone is 4–8 ms at 32 connections, queueing for
two cores shared with the load generator and PostgreSQL, where the bare route's own p99 is 9–11 ms. An earlier pair at load ≈ 5–12 agreed for the invoice list
(0.36 → 0.27–0.29 ms) and left the account read within its noise (0.27 → 0.26–0.27), and there the
throughput ratios swung more from run to run than the change moved them (the bare route alone
ranged 2,500–7,300 requests/s), which is why CPU per request is the figure to read. With the load
generator on the server's event loop, as this section ran before, the account read went from 0.46
to 0.35 ms (2,000 accounts, load ≈ 7–8) with the interceptors' change alone: the validation plan
was not yet taken there, as Fastify's parameters sit on a prototype-less "null object" it first
refused.

**The round after.** What was left of Nest's and the hooks' own per-request work on a GET was
taken out where it waited for nothing: the six Fastify hooks a GET passes (correlation id, body
deadline, rate limit, body depth, security headers, histogram and log line) are callback hooks
instead of async functions, the rate limiter names a token it has verified before without waiting,
a bodiless request arms no body-deadline timer, the AuthGuard and the \`?after=\` guard answer
with a boolean rather than a promise when nothing waits (and the AuthGuard reads a route's roles
once), and a path DTO with no class-transformer decorator is built without class-transformer.
Every GET gets these. Measured before and after, alternating: the Node CPU of the request path
alone, in one process through Fastify's \`inject\` (no sockets, no load generator; 3,000 accounts,
8,000 requests at 32 in flight per measurement, six rounds, load ≈ 6–9), went from 0.363 to 0.354 ms
per account read and from 0.393 to 0.380 per invoice list (medians): ≈ 0.01 ms, a few per cent.
Over HTTP (this bench's setup, 10,000 accounts, two pairs of two 8 s runs each, load ≈ 12–16) the
medians went 0.34 → 0.28 ms (account read) and 0.35 → 0.30 ms (invoice list) with the bare route at
0.22 and 0.24, but the second pair reversed the first for the account read (0.31 before, 0.35
after), so at that load the change is below what this bench can resolve. Tried and dropped: a
response JSON schema (fast-json-stringify) — on the real account view and invoice page it and
\`JSON.stringify\` both took 5–13 µs, neither ahead, and it would drop undocumented fields and
reorder keys. What is left of the API's cost over the bare route (≈ 0.08–0.10 ms per read in the
last quiet full run, so ≈ 0.07–0.09 now) is spread thin: no single function of ours or Nest's is
above 1 % of a profile; Nest's chain of promises around guards, pipes, handler and response,
Fastify's hooks, the Prometheus histogram, the QueryBus (≈ 0.5 %) and, under Node 20, the promise
hooks of the AsyncLocalStorage that carries correlation ids. One part is not the read path at all:
the API process here also runs its worker, whose feed followers poll every 20 ms even when idle
(44 ms of CPU a second in Node and 12 in PostgreSQL, measured with no load), ≈ 0.01 ms per read at
5,000 reads/s and more at lower throughput, which the bare route never pays. Meeting the goal with
a clear margin needs the read to leave Nest's per-request machinery (the bare route shows the
floor), or a reference row that reads from the API without its worker in its process, as section 2 has
for commands.

**This round: named statements, and the reference row.** A read's PostgreSQL work was mostly
parsing and planning its SELECT, anew on every request. The hot reads (an account, an invoice, an
account's invoices: accounts.query.ts, invoices.query.ts) are now named statements, parsed and
planned once per connection. Measured alone, 20 connections, 20,000 queries each way, alternating:
≈ 100 → 60 µs of PostgreSQL CPU per invoice list and ≈ 61–75 → 35 per account read. The bare route
runs the same SELECTs as named statements too, so that it keeps doing the same database work as
the API; the throughput ratio is therefore not flattered, and it fell, since the same saving is a
larger part of the bare route's smaller cost. The same setup as this section (10,000 accounts, 32
connections, 8 s runs, quiet machine, medians of three), before and after: the account read 7,536 →
8,810 reads/s, 0.187 → 0.147 ms of CPU per read, p99 8.9 → 8.3 ms (bare route 9,711 → 12,331/s,
0.140 → 0.106 ms); the invoice list 5,648 → 7,816/s, 0.237 → 0.167 ms, p99 10.5 → 7.9 ms (bare 7,720
→ 11,352/s, 0.174 → 0.114 ms). Ratios 0.78 → 0.71 and 0.73 → 0.69. A swap after a rebuild replaces
the tables under the prepared statements; PostgreSQL analyzes them again against the new tables
by name, which the rebuild suite checks on one connection across a swap.

The API without its worker is read right after the API with it. In the quiet measurement above it
answered as fast within the runs' spread (account read 8,634 against 8,810 reads/s, invoice list
7,741 against 7,816). In two full runs of this code (11:27 and 12:11 UTC) the account read without
its worker was faster (8,565 against 7,440 and 7,400 against 7,095 reads/s; p99 8.7 against 10.2
and 8.2 against 10.0 ms) and the invoice list about the same (7,045 against 6,970 and 6,671
against 6,597): the worker's idle polling may cost a read something under load, but it is not what
stands between the API and the bare route. That gap is the API's own work per request, ≈ 0.04–0.07
ms of CPU, and the ratios swing with it from run to run: 0.73 and 0.67 in the first full run, 0.65
and 0.63 in the second.

**This round: where the API's own work per read goes, measured by taking parts out.** The account
read in this section's setup (10,000 accounts, 32 connections, 8 s runs, medians of three, quiet
machine), with the Node process's user and system CPU apart from PostgreSQL's: the API used 78 µs
of Node user CPU per read and the bare route 46, ≈ 21 and 17 µs of system CPU, and PostgreSQL the
same ≈ 40–44 µs for both. So the whole gap is in Node. With the API's six request hooks switched off
(correlation id in the AsyncLocalStorage, body deadline, rate limit, body depth, security headers,
histogram and log line) it used 62 µs, and 73 with only the AsyncLocalStorage off: the hooks that
every request needs cost ≈ 16 µs together, ≈ 5 of them the AsyncLocalStorage's promise hooks under
Node 20, and none of the others alone stood out of the runs' ±4 µs spread. The other ≈ 16 µs is
Nest's pipeline (guards, pipes, the QueryBus, the promise chain around them). Without the hooks the
API answered 10,257 reads/s against the bare route's 13,193 measured minutes apart (0.78×); with them
9,105 (0.69×). The ratio also moves with the machine: with the same code, the reads section run
alone on a fresh server measured 0.71× and 0.70× (p99 7.6 and 8.1 ms); run after the commands
section, 0.69× and 0.66×, and 0.68× and 0.65× with the section in a fresh Node process of its own,
and 0.64× and 0.64× with the server vacuumed and checkpointed first. So it is not the JIT or heap
state the earlier sections leave in the process, nor PostgreSQL's background writing; what is left
is the machine itself after minutes of full load (a virtual machine on a shared host), which the
API, at ≈ 1.4× the bare route's CPU per read, feels more. What would meet 0.7× in every run: the
read leaving Nest's pipeline (≈ 16 µs, ≈ 0.8× by the figures above). It is not done: a second way
into the same endpoints, beside Nest's, would have to repeat the token and role checks, \`?after=\`,
the path's validation, problem+json errors and the OpenAPI description, and keep them in step, for
the two routes a benchmark measures. The hooks stay: they are the contract's correlation ids, rate
limits, security headers and metrics.

**This round: the Node that ships, and the read outside Nest measured rather than estimated.** Two
changes. First, the benchmarks now run on the Node the service ships on (the Dockerfile's Node 24,
the LTS the suite runs on; docs/decisions.md, "Performance: measured on the Node that ships"),
where before they ran on whichever Node started them, Node 20 on this machine. Node 20's
AsyncLocalStorage, which carries the correlation id, puts a hook on every promise; Node 24's does
not, and the API makes far more promises per read than the bare route. This section's setup run on
each, minutes apart on a quiet machine (three 8 s runs each): the account read 0.66× → 0.72× of the
bare route (8,348 → 10,520 reads/s, 0.161 → 0.126 ms of CPU per read, p99 7.8 → 5.9 ms), the
invoice list 0.60× → 0.66× (7,472 → 9,267/s, 0.179 → 0.143 ms, p99 8.5 → 7.2 ms); the bare route
itself 12,665 → 14,682 and 12,421 → 14,001/s. Second, the estimate above ("≈ 0.8×") is now a
measurement: the reference row "outside Nest" answers the same read from a Fastify route on the
same API, so every hook still runs, with the token, role, path and the read model's query as the
Nest route does them, and is measured in the same runs as the other two. It read 0.76× and 0.75×
on Node 20 and 0.81× and 0.80× on Node 24 in the runs above. A first try of it measured the same as
the API: autocannon sends a path to the URL's host and drops the URL's own path, so the prefix
has to be on the path, which the bench now does. The lever is measured; the decision not to take
it stands, for the reasons above. On Node 24 the API itself now meets 0.7× in full runs, with
little to spare: the quiet trial above put the invoice list at 0.66×, the full run at 0.71×, from
the same code but for ≈ 1 µs less per list read (an empty query built without class-transformer).

In this run: ${routes}.${outsideNest(r)}`;
}

function outsideNest(r: ReadsFigures): string {
  const measured = r.routes.filter((route) => route.outsideNest);
  if (measured.length === 0) return '';
  return ` Outside Nest, the API's hooks kept: ${measured.map((route) => `${route.route} ${fmt(route.outsideNest?.requestsPerSecond)} reads/s, ${fmt(route.outsideNest?.cpuMsPerRequest, 2)} ms of CPU per read, ${fmt(route.outsideNestRatio, 2)}× the bare route, p99 ${fmt(route.outsideNest?.p99Ms, 1)} ms`).join('; ')}.`;
}

export const GROWTH_ANALYSIS = `**What bounds it.** Nothing in the command or read path scans: a command reads its stream by
\`(stream_id, stream_revision)\` (or not at all, from its snapshot) and appends with the unique
indexes' lookups, a read is a primary-key or \`(account_id, position)\` index lookup, and the feed
is read by \`(transaction_id, global_position)\` from a checkpoint. What grows with the ledger is the
depth and the cache footprint of those B-trees: the unique \`event_id\` index and the
\`(stream_id, stream_revision)\` index take every event, so once they outgrow shared buffers and the
page cache a cold lookup costs a read from disk. At ≈ 1.1 GB per million events here, 10 million
events are ≈ 11 GB against 24 GB of memory, so the page cache still holds most of them; the
indexes a command touches are a few hundred MiB of it. The first 10-million-event run (while
writing this, 2026-12-05 06:03 UTC, with three other sessions building and testing on the same
2 cores, load ≈ 6–8): bulk loading took 908 s (11 009 events/s) to 11 075 MiB, 1 097 MiB per
million events (875 of them the events table and its indexes); command p50 23 → 19 ms and p99
98 → 103 ms, read p50 5 → 5 ms and p99 18 → 29 ms, append 3 196 → 4 049 events/s, medians of 3
runs. Every figure but the read p99 was within the goal; the read p99 moved by 1.6× while single
runs of the small ledger ranged 14–20 ms and of the big one 22–35 ms. One loaded run cannot tell
the ledger's size from the load: on a loaded machine the latency ratios move by more than the 1.2×
goal from run to run in either direction (an earlier scaled-down trial, 20 000 → 220 000 events at
load ≈ 15–20: command p50 0.71×, p99 1.5×, read p50 0.54×, p99 0.62×). That is why this section
alternates the two ledgers over 7 runs (\`BENCH_GROWTH_RUNS\`) and its medians are the figure to
read. A read here takes 1–6 ms, so its percentiles are taken to a tenth of a millisecond from every
request's own timing: autocannon's histogram keeps whole milliseconds, and the first full run at
10 million events (07:28 UTC, quiet machine) reported the read p99 as 4 → 5 ms, 1.25×, from medians
whose single runs were 4–6 ms on both ledgers. Bulk loading is itself bounded by PostgreSQL writing four indexes per event row.`;

/** How to run; sectionSeconds (how long each section took) gives the total of this run. */
export function howToRun(totalSeconds: number | undefined): string {
  const total = totalSeconds === undefined ? '25 minutes on 2 cores' : `${Math.round(totalSeconds / 60)} minutes in the run above`;
  return `## How to run

\`\`\`sh
npm run bench                                  # everything, full sizes (about ${total}; it prints its own estimate first)
BENCH_EVENTS=100000 npm run bench              # a quicker replay
BENCH_ONLY=append,http npm run bench           # some benchmarks only (limits, append, http, projection, replay, relay, renewal, reads, growth, webhooks)
BENCH_RENEWAL_ACCOUNTS=100000 npm run bench    # renewal day with 100 000 accounts (default 20 000)
BENCH_GROWTH_EVENTS=1000000 npm run bench      # growth up to 1 million events (default 10 million over ≈ 200 000 accounts, ≈ 11 GiB)
BENCH_DATABASE_URL=postgres://… npm run bench  # another PostgreSQL server instead of the embedded one
BENCH_RENDER_ONLY=1 npm run bench              # BENCHMARKS.md written again from bench/results.json, nothing measured
BENCH_NODE=machine npm run bench               # on the Node that started it, not the Node the service ships on (fetched once, as for the suite)
\`\`\`

Other knobs: \`BENCH_RUNS\` (at least 3), \`BENCH_LIMITS_MS\`, \`BENCH_APPEND_MS\`, \`BENCH_HTTP_SECONDS\`,
\`BENCH_PROJECTION_EVENTS\`, \`BENCH_RELAY_EVENTS\`, \`BENCH_WEBHOOK_EVENTS\`, \`BENCH_READS_SECONDS\`, \`BENCH_READS_ACCOUNTS\` (10 000),
\`BENCH_GROWTH_SMALL_EVENTS\` (100 000), \`BENCH_GROWTH_RUNS\` (7), \`BENCH_GROWTH_SECONDS\`, \`BENCH_PROFILE_DIR\` (a V8 CPU profile of each renewal-day
worker process). Progress goes to stderr: what will run and its expected time first, then each section with the time
left; results.json keeps how long each section took (\`sectionSeconds\`). \`npm test\` runs every
benchmark with tiny sizes (test/bench/bench-smoke.spec.ts) so that they keep working. CPU per
operation needs the embedded server (it reads /proc); with BENCH_DATABASE_URL it shows as —.
`;
}
