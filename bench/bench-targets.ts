import { CONTESTANTS, type AppendFigure } from './append.bench';
import type { SuiteFigures } from './bench-suite';
import type { HttpFigures } from './http.bench';
import type { ProjectionFigures } from './projection.bench';
import type { RelayFigures } from './relay.runner';
import type { ReplayFigures } from './replay.bench';
import type { GrowthFigures } from './growth.bench';
import type { ReadsFigures } from './reads.bench';
import type { RenewalFigures } from './renewal.bench';
import type { WebhookFigures } from './webhook.bench';

/**
 * The targets, each checked against the measured figures. Sections print their own rows;
 * the report's summary prints them all, so a missed target cannot hide in a long page.
 */
export interface TargetCheck {
  readonly what: string;
  readonly measured: string;
  readonly goal: string;
  /** Undefined when the figure was not measured. */
  readonly met: boolean | undefined;
}

const fmt = (value: number | undefined, digits = 2): string => (value === undefined || Number.isNaN(value) ? '—' : value.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const ratio = (a: number | undefined, b: number | undefined): number | undefined => (a !== undefined && b ? a / b : undefined);
const atLeast = (what: string, value: number | undefined, goal: number): TargetCheck => ({ what, measured: `${fmt(value)}×`, goal: `≥ ${goal}×`, met: value === undefined ? undefined : value >= goal });

export function appendTargets(figures: readonly AppendFigure[]): TargetCheck[] {
  const events = (contestant: string, writers: number) => figures.find((f) => f.contestant === contestant && f.writers === writers)?.eventsPerSecond;
  const writers = [...new Set(figures.map((f) => f.writers))];
  return [
    atLeast('append: ours ÷ Emmett at 8 writers', ratio(events(CONTESTANTS.ours, 8), events(CONTESTANTS.emmett, 8)), 2),
    atLeast('append: ours ÷ Emmett at 32 writers', ratio(events(CONTESTANTS.ours, 32), events(CONTESTANTS.emmett, 32)), 3),
    ...writers.map((w) => atLeast(`append: ours ÷ raw group commit at ${w} writer${w > 1 ? 's' : ''}`, ratio(events(CONTESTANTS.ours, w), events(CONTESTANTS.rawGroup, w)), 0.7)),
  ];
}

export function httpTargets(h: HttpFigures): TargetCheck[] {
  const failures = h.api.errors + h.api.non2xx;
  return [
    atLeast('HTTP: API ÷ bare route', h.ratio, 0.6),
    { what: `HTTP: API p99 at ${h.connections} connections`, measured: `${fmt(h.api.p99Ms, 1)} ms`, goal: '≤ 25 ms', met: h.api.p99Ms <= 25 },
    { what: 'HTTP: errors and non-2xx', measured: String(failures), goal: '0', met: failures === 0 },
  ];
}

export function projectionTargets(p: ProjectionFigures): TargetCheck[] {
  return [atLeast('projections: all read models ÷ trivial', p.ratio, 0.5)];
}

export function replayTargets(r: ReplayFigures): TargetCheck[] {
  const full = r.events >= 1_000_000;
  return [
    { what: `replay of ${r.events.toLocaleString('en-GB')} events${full ? '' : ' (scaled down)'}`, measured: `${fmt(r.seconds, 1)} s`, goal: '< 30 s for 1 000 000', met: full ? r.seconds < 30 : undefined },
    // The live heap's floor after full collections; a leak of 64 bytes per event would add 32 MiB
    // over the second half. Results from before that measure judged RSS (bench/replay.bench.ts).
    r.liveHeapByTenthMiB !== undefined
      ? { what: "replay memory: live heap's floor, second half minus first", measured: r.liveHeapGrowthMiB === undefined ? '—' : `${fmt(r.liveHeapGrowthMiB, 0)} MiB`, goal: 'flat (< 32 MiB)', met: r.liveHeapGrowthMiB === undefined ? undefined : r.liveHeapGrowthMiB < 32 }
      : { what: 'replay memory: peak RSS of the second half minus peak of the first', measured: `${fmt(r.secondHalfGrowthMiB, 0)} MiB`, goal: 'flat (< 64 MiB)', met: r.secondHalfGrowthMiB < 64 },
  ];
}

export function relayTargets(r: RelayFigures): TargetCheck[] {
  if (r.status !== 'measured' || !r.rows?.length) return [{ what: 'relay ÷ raw kafkajs', measured: '—', goal: '≥ 0.5×', met: undefined }];
  return r.rows.map((row) => atLeast(`relay ÷ raw kafkajs, batches of ${row.batchSize}`, row.ratio, 0.5));
}

export function renewalTargets(r: RenewalFigures): TargetCheck[] {
  return [atLeast(`renewal day: events/s with 1 worker ÷ raw group commit of the same events`, r.ratio, 0.5)];
}

export function readsTargets(r: ReadsFigures): TargetCheck[] {
  return r.routes.flatMap((route) => [
    atLeast(`reads: ${route.route}, API ÷ bare route`, route.ratio, 0.7),
    { what: `reads: ${route.route}, API p99 at ${r.connections} connections`, measured: `${fmt(route.api.p99Ms, 1)} ms`, goal: '≤ 10 ms', met: route.api.p99Ms <= 10 },
  ]);
}

export function growthTargets(g: GrowthFigures): TargetCheck[] {
  const atMost = (what: string, value: number) => ({ what: `growth ${g.small.events.toLocaleString('en-GB')} → ${g.big.events.toLocaleString('en-GB')} events: ${what}`, measured: `${fmt(value)}×`, goal: '≤ 1.2×', met: value <= 1.2 });
  return [
    atMost('command p50, big ÷ small', g.ratios.commandP50),
    atMost('command p99, big ÷ small', g.ratios.commandP99),
    atMost('read p50, big ÷ small', g.ratios.readP50),
    atMost('read p99, big ÷ small', g.ratios.readP99),
    atMost('append rate, small ÷ big', g.ratios.append),
  ];
}

export function webhookTargets(w: WebhookFigures): TargetCheck[] {
  return [atLeast(`webhook deliveries ÷ raw HTTP POSTs${w.baselinePerSecond === undefined ? '' : ' (the faster client)'}`, w.ratio, 0.5)];
}

export function allTargets(figures: SuiteFigures): TargetCheck[] {
  return [
    ...(figures.append ? appendTargets(figures.append) : []),
    ...(figures.http ? httpTargets(figures.http) : []),
    ...(figures.projection ? projectionTargets(figures.projection) : []),
    ...(figures.replay ? replayTargets(figures.replay) : []),
    ...(figures.relay ? relayTargets(figures.relay) : []),
    ...(figures.renewal ? renewalTargets(figures.renewal) : []),
    ...(figures.reads ? readsTargets(figures.reads) : []),
    ...(figures.growth ? growthTargets(figures.growth) : []),
    ...(figures.webhooks ? webhookTargets(figures.webhooks) : []),
  ];
}

export function targetTable(checks: readonly TargetCheck[]): string {
  const verdict = (met: boolean | undefined): string => (met === undefined ? 'not measured' : met ? '**met**' : '**missed**');
  return ['| target | measured | goal | |', '|---|---:|---:|---|', ...checks.map((c) => `| ${c.what} | ${c.measured} | ${c.goal} | ${verdict(c.met)} |`)].join('\n');
}
