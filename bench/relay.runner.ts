import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { progress, type BenchServer } from './bench-support';

/**
 * The relay benchmark is the Kafka branch's own script (bench/relay.bench.ts: the relay and raw
 * kafkajs into librdkafka's mock cluster, median of three runs each). It runs as a child process
 * on this run's PostgreSQL server, and its summary lines are read back into the results. When the
 * script or the mock cluster is not there, the figure says so instead of failing the whole run.
 */
export interface RelayBenchOptions {
  readonly events: number;
  readonly streams: number;
}

export interface RelayFigures {
  readonly status: 'measured' | 'skipped';
  readonly reason?: string;
  readonly events?: number;
  readonly rows?: ReadonlyArray<{ batchSize: number; rawEventsPerSecond: number; relayEventsPerSecond: number; ratio: number }>;
  readonly output?: string;
}

const SUMMARY = /batch\s+(\d+): raw kafkajs (\d+) events\/s, relay (\d+) events\/s, relay\/raw ([\d.]+)/;

export async function runRelayBench(server: BenchServer, options: RelayBenchOptions): Promise<RelayFigures> {
  const script = join(__dirname, 'relay.bench.js');
  if (!existsSync(script)) return skipped('bench/relay.bench.ts is not on this branch yet (it comes with the Kafka relay)');
  const { code, output } = await new Promise<{ code: number; output: string }>((resolve) => {
    const child = spawn(process.execPath, [script, String(options.events), String(options.streams)], {
      env: { ...process.env, TEST_DATABASE_URL: server.url, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    const collect = (chunk: Buffer) => {
      text += chunk.toString();
      for (const line of chunk.toString().split('\n')) if (line.trim()) progress(`relay: ${line.trim()}`);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('exit', (exitCode) => resolve({ code: exitCode ?? 1, output: text }));
  });
  const rows = parseRelaySummary(output);
  if (code !== 0 || rows.length === 0) return skipped(`the relay benchmark did not finish (exit ${code})`, output.slice(-2000));
  return { status: 'measured', events: options.events, rows };
}

/** The summary lines bench/relay.bench.ts prints, one per batch size. */
export function parseRelaySummary(output: string): NonNullable<RelayFigures['rows']> {
  return output
    .split('\n')
    .map((line) => SUMMARY.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((m) => ({ batchSize: Number(m[1]), rawEventsPerSecond: Number(m[2]), relayEventsPerSecond: Number(m[3]), ratio: Number(m[4]) }));
}

function skipped(reason: string, output?: string): RelayFigures {
  progress(`relay skipped: ${reason}`);
  return { status: 'skipped', reason, output };
}
