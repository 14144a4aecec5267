// Every benchmark of `npm run bench` runs end to end with tiny sizes and hands back sane figures,
// so that the real run (minutes long, not part of npm test) cannot rot unnoticed. The benchmarks
// hammer their server by design, and the feed of every database on a server only shows events
// below the oldest transaction running anywhere on it, so they get an embedded server of their
// own instead of slowing the feed of the suites running beside them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runAppendBench, CONTESTANTS } from '../../bench/append.bench';
import { startBenchServer, type BenchServer } from '../../bench/bench-support';
import { renderReport } from '../../bench/bench-report';
import { runHttpBench, type HttpFigures } from '../../bench/http.bench';
import { PROBES, runMachineLimitBench } from '../../bench/machine-limit.bench';
import { runProjectionBench } from '../../bench/projection.bench';
import { parseRelaySummary, runRelayBench } from '../../bench/relay.runner';
import { runReplayBench, secondHalfGrowth } from '../../bench/replay.bench';
import { runGrowthBench } from '../../bench/growth.bench';
import { runReadsBench } from '../../bench/reads.bench';
import { outsideNestAnswers } from '../../bench/reads-outside-nest';
import { runRenewalBench } from '../../bench/renewal.bench';
import { runSuite } from '../../bench/bench-suite';
import { runWebhookBench } from '../../bench/webhook.bench';

const positive = (value: number | undefined, what: string) => assert.ok(typeof value === 'number' && value > 0 && Number.isFinite(value), `${what} = ${value}`);

describe('benchmarks with tiny sizes', () => {
  let server: BenchServer;

  before(async () => {
    process.env.BENCH_QUIET = '1';
    server = await startBenchServer(process.env.BENCH_DATABASE_URL);
  });
  after(async () => server?.stop());

  test("limits: every probe of the machine's limits writes rows and gets a rate", async () => {
    const probes = await runMachineLimitBench(server, { runs: 1, durationMs: 60 });
    assert.deepEqual(probes.map((p) => p.name), PROBES.map((p) => p.name));
    for (const probe of probes) positive(probe.rowsPerSecond, `${probe.name} rows/s`);
  });

  test('append: every contestant appends at every concurrency and gets throughput and latencies', async () => {
    const figures = await runAppendBench(server, { writers: [1, 4], runs: 1, durationMs: 60, streamsPerWriter: 3, poolSize: 4 });
    assert.deepEqual(new Set(figures.map((f) => f.contestant)), new Set(Object.values(CONTESTANTS)));
    assert.equal(figures.length, Object.values(CONTESTANTS).length * 2);
    for (const figure of figures) {
      positive(figure.eventsPerSecond, `${figure.contestant} at ${figure.writers} events/s`);
      assert.ok(figure.p50Ms <= figure.p99Ms, `${figure.contestant} p50 ${figure.p50Ms} > p99 ${figure.p99Ms}`);
    }
  });

  test('http: the API answers the whole command mix with 2xx only, with its worker in process or apart, and so does the bare route', async () => {
    const figures = await runHttpBench(server, { runs: 1, seconds: 1, connections: 2, amount: 40 });
    assert.equal(figures.api.errors + figures.api.non2xx, 0, 'the API refused or dropped a command of the mix');
    assert.equal(figures.bare.errors + figures.bare.non2xx, 0);
    assert.ok(figures.apiWorkerApart, 'the API with its worker in a process of its own was not measured');
    assert.equal(figures.apiWorkerApart.errors + figures.apiWorkerApart.non2xx, 0, 'the API with its worker apart refused or dropped a command');
    positive(figures.api.commandsPerSecond, 'API commands/s');
    positive(figures.ratio, 'API/bare');
    assert.ok(figures.preview, 'the preview is measured beside its command');
    assert.equal(figures.preview.preview.errors + figures.preview.preview.non2xx + figures.preview.command.errors + figures.preview.command.non2xx, 0);
    positive(figures.preview.preview.p50Ms, 'preview p50');
    positive(figures.preview.command.p50Ms, 'command p50');
    assert.match(renderReport({ ...results, http: figures }), /A preview beside its command/);
  });

  test('projection: all read models and the trivial upsert both catch up with the generated events', async () => {
    const figures = await runProjectionBench(server, { runs: 1, events: 300 });
    assert.ok(figures.events >= 300);
    positive(figures.allEventsPerSecond, 'all read models events/s');
    positive(figures.trivialEventsPerSecond, 'trivial events/s');
  });

  test('replay: a generated ledger is replayed with memory sampled throughout', async () => {
    const figures = await runReplayBench(server, { events: 400, runs: 1 });
    assert.ok(figures.events >= 400);
    positive(figures.seconds, 'replay seconds');
    assert.equal(figures.rssByTenthMiB.length, 10);
    assert.ok(figures.peakRssMiB >= figures.rssBeforeMiB);
    // A tiny replay may see no full collection: a tenth without one has no floor, not a zero.
    assert.equal(figures.liveHeapByTenthMiB?.length, 10);
    for (const floor of figures.liveHeapByTenthMiB ?? []) assert.ok(floor === null || floor > 0, `live heap floor ${floor}`);
  });

  test('relay: measured when the relay benchmark is present, else skipped with a reason', async () => {
    const figures = await runRelayBench(server, { events: 300, streams: 10 });
    if (figures.status === 'skipped') assert.ok(figures.reason && figures.reason.length > 0);
    else for (const row of figures.rows ?? []) positive(row.relayEventsPerSecond, `relay at batch ${row.batchSize}`);
  });

  test("relay: the relay benchmark's summary lines are read back into figures", () => {
    const output = 'relay benchmark: 20000 events\nbatch  100: raw kafkajs 5120 events/s, relay 4380 events/s, relay/raw 0.86\nbatch 1000: raw kafkajs 9000 events/s, relay 8100 events/s, relay/raw 0.90\n';
    assert.deepEqual(parseRelaySummary(output), [
      { batchSize: 100, rawEventsPerSecond: 5120, relayEventsPerSecond: 4380, ratio: 0.86 },
      { batchSize: 1000, rawEventsPerSecond: 9000, relayEventsPerSecond: 8100, ratio: 0.9 },
    ]);
  });

  test('renewal day: every account renews and every card is collected, with one and two worker processes, and the raw append of the same events is timed', async () => {
    const figures = await runRenewalBench(server, { accounts: 20, runs: 1, workers: [1, 2] });
    assert.deepEqual(figures.byWorkers.map((w) => w.workers), [1, 2]);
    for (const run of figures.runs) {
      // The benchmark itself refuses a run that left an invoice, a card or an account due behind.
      assert.equal(run.renewalInvoices, 20);
      assert.equal(run.cardsCollected, figures.mix.withCard);
      positive(run.accountsPerSecond, `${run.workers} workers accounts/s`);
    }
    positive(figures.rawEventsPerSecond, 'raw events/s');
    positive(figures.ratio, 'renewal/raw');
    // The read models alone are applied to the very events the one-worker run wrote.
    assert.deepEqual(figures.readModelsAlone?.map((run) => run.events), figures.runs.filter((run) => run.workers === 1).map((run) => run.events));
    positive(figures.readModelsAloneRatio, 'read models alone/raw');
  });

  test('reads: both routes answer every read with 2xx, from the API, the bare route, the read outside Nest and the API without its worker', async () => {
    const before = outsideNestAnswers();
    const figures = await runReadsBench(server, { runs: 1, seconds: 1, connections: 2, accounts: 20, amount: 40 });
    assert.deepEqual(figures.routes.map((r) => r.route), ['GET /v1/accounts/{id}', 'GET /v1/accounts/{id}/invoices']);
    for (const route of figures.routes) {
      assert.equal(route.api.failures + route.bare.failures + (route.outsideNest?.failures ?? 1) + (route.apiWithoutWorker?.failures ?? 1), 0, `${route.route} failed`);
      positive(route.apiWithoutWorker?.requestsPerSecond ?? 0, `${route.route} without the worker`);
      positive(route.ratio, `${route.route} API/bare`);
      positive(route.outsideNestRatio ?? 0, `${route.route} outside Nest/bare`);
    }
    // The reference routes answered the reads sent to them (a path that lost its prefix would be
    // answered by the API's own route, with 2xx, and measure the API twice).
    assert.ok(outsideNestAnswers() - before >= 2 * 40, `outside Nest answered ${outsideNestAnswers() - before} reads`);
  });

  test('growth: the big ledger is bulk-loaded and both ledgers are measured', async () => {
    const figures = await runGrowthBench(server, { runs: 1, smallEvents: 300, bigEvents: 1_200, seconds: 1, connections: 2, appendMs: 60, amount: 22 });
    assert.ok(figures.big.events >= 1_200 && figures.small.events >= 300, `${figures.small.events} → ${figures.big.events}`);
    assert.ok(figures.big.accounts > figures.small.accounts);
    for (const value of Object.values(figures.ratios)) positive(value, 'growth ratio');
    positive(figures.mibPerMillionEvents, 'MiB per million events');
  });

  test('webhooks: every delivery reaches the receiver through the worker and by raw POSTs, with CPU per delivery', async () => {
    const figures = await runWebhookBench(server, { runs: 1, events: 60, endpoints: 2 });
    assert.ok(figures.events >= 60);
    assert.equal(figures.deliveries, 2 * figures.events);
    positive(figures.webhooksPerSecond, 'webhook deliveries/s');
    positive(figures.rawPerSecond, 'raw POSTs/s');
    positive(figures.ratio, 'webhooks/raw');
    positive(figures.cpu.webhooks.node, 'Node CPU µs per webhook delivery');
  });

  const results = {
    generatedAt: '2026-01-01T00:00:00.000Z',
    durationSeconds: 1,
    machine: { cpus: 2, cpuModel: 'x', memoryGiB: 1, node: 'v20', platform: 'linux x64', postgres: '18' },
    database: 'test',
    settings: {
      runs: 3,
      limits: { runs: 3, durationMs: 1 },
      append: { writers: [1], runs: 3, durationMs: 1, streamsPerWriter: 1, poolSize: 1 },
      http: { runs: 3, seconds: 1, connections: 1 },
      projection: { runs: 3, events: 1 },
      replay: { events: 1 },
      relay: { events: 1, streams: 1 },
      renewal: { accounts: 1, runs: 3, workers: [1, 2] },
      reads: { runs: 3, seconds: 1, connections: 1, accounts: 1 },
      growth: { runs: 3, smallEvents: 1, bigEvents: 2, seconds: 1, connections: 1, appendMs: 1 },
      webhooks: { runs: 3, events: 1, endpoints: 1 },
    },
  };

  test('the suite runs the sections asked for and records how long each took beside its estimate', async () => {
    const figures = await runSuite(server, { ...results.settings, only: ['limits'], limits: { runs: 1, durationMs: 60 } });
    assert.ok(figures.limits && !figures.append, 'only the limits were to run');
    const timing = figures.sectionSeconds?.limits;
    assert.ok(timing && timing.took >= 0 && timing.estimated > 0, JSON.stringify(figures.sectionSeconds));
  });

  test('the report renders every section from results', () => {
    const text = renderReport(results);
    for (const heading of ["The machine's limits", 'Append', 'Commands over HTTP', 'Projection catch-up', 'Full replay', 'Relay', 'Renewal day', 'Reads', 'Growth', 'Outgoing webhooks']) assert.match(text, new RegExp(`## \\d\\. ${heading}`));
  });

  test('the summary at the top lists a missed target as missed', () => {
    const run = { commandsPerSecond: 400, p50Ms: 10, p99Ms: 20, errors: 0, non2xx: 0, cpuMsPerCommand: 1 };
    const http = { connections: 32, api: { ...run, runs: [] }, bare: { ...run, commandsPerSecond: 1000, runs: [] }, ratio: 0.4, mix: ['open account'] } satisfies HttpFigures;
    const text = renderReport({ ...results, http });
    const glance = text.slice(text.indexOf('## Targets at a glance'), text.indexOf('## 0.'));
    assert.match(glance, /\| HTTP: API ÷ bare route \| 0\.40× \| ≥ 0\.6× \| \*\*missed\*\* \|/);
    assert.match(glance, /\| HTTP: API p99 at 32 connections \| 20\.0 ms \| ≤ 25 ms \| \*\*met\*\* \|/);
    // The prose about the run's own figures is written from them, not from an earlier run.
    assert.match(text, /p99 at\s+32 connections follows it: 20\.0 ms against the goal of 25 ms \(met\)/);
  });

  test("the replay's goal is the issue's: under 30 s for a million events", () => {
    const replay = { events: 1_000_000, generationSeconds: 1, generationEventsPerSecond: 1, seconds: 31, eventsPerSecond: 1, rssBeforeMiB: 1, peakRssMiB: 1, rssByTenthMiB: Array(10).fill(1), secondHalfGrowthMiB: 0, runs: [] };
    const text = renderReport({ ...results, replay });
    assert.match(text, /\| replay of 1,000,000 events \| 31\.0 s \| < 30 s for 1 000 000 \| \*\*missed\*\* \|/);
    assert.match(renderReport({ ...results, replay: { ...replay, seconds: 29 } }), /\| 29\.0 s \| < 30 s for 1 000 000 \| \*\*met\*\* \|/);
  });

  test("replay memory is judged on the live heap's floor: a floor rising through the second half is missed and explained", () => {
    assert.equal(secondHalfGrowth([90, 95, null, 92, 91, 93, 96, null, 94, 95]), 1);
    assert.equal(secondHalfGrowth([null, null, null, null, null, 90, 91, 92, 93, 94]), undefined);
    const replay = { events: 1_000_000, generationSeconds: 1, generationEventsPerSecond: 1, seconds: 29, eventsPerSecond: 1, rssBeforeMiB: 1, peakRssMiB: 1, rssByTenthMiB: Array(10).fill(1), secondHalfGrowthMiB: 200, runs: [] };
    const flat = renderReport({ ...results, replay: { ...replay, liveHeapByTenthMiB: [90, 92, 91, 90, 93, 92, 91, 94, 92, 93], liveHeapGrowthMiB: 1 } });
    // RSS grew by 200 MiB, but what is live did not: met.
    assert.match(flat, /\| replay memory: live heap's floor, second half minus first \| 1 MiB \| flat \(< 32 MiB\) \| \*\*met\*\* \|/);
    const leaking = renderReport({ ...results, replay: { ...replay, liveHeapByTenthMiB: [90, 100, 110, 120, 130, 140, 150, 160, 170, 180], liveHeapGrowthMiB: 50 } });
    assert.match(leaking, /\| replay memory: live heap's floor, second half minus first \| 50 MiB \| flat \(< 32 MiB\) \| \*\*missed\*\* \|/);
    assert.match(leaking, /\*\*Replay memory \(section 4\): 50 MiB\.\*\*[^]*90 · 100 · 110/);
  });

  test("a missed target is explained under the summary from the run's figures; a met one is not", () => {
    const replay = { events: 1_000_000, generationSeconds: 1, generationEventsPerSecond: 1, seconds: 31, eventsPerSecond: 1, rssBeforeMiB: 1, peakRssMiB: 1, rssByTenthMiB: Array(10).fill(1), secondHalfGrowthMiB: 0, cpuUsPerEvent: { node: 20, server: 30 }, runs: [] };
    const glanceOf = (text: string) => text.slice(text.indexOf('## Targets at a glance'), text.indexOf('## 0.'));
    const missed = glanceOf(renderReport({ ...results, replay }));
    // 20 µs of Node and 30 of PostgreSQL per event on the machine's cores: at least max(20, 50 ÷ cores) s.
    const floor = Math.max(20, 50 / results.machine.cpus).toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    assert.match(missed, new RegExp(`\\*\\*Replay \\(section 4\\): 31\\.0 s\\.\\*\\*[^]*at least ${floor} s`));
    const met = glanceOf(renderReport({ ...results, replay: { ...replay, seconds: 29 } }));
    assert.doesNotMatch(met, /\*\*Replay \(section 4\)/);
  });
});
