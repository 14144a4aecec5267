/**
 * test:servers' orchestration with the container engine, the containers and the test runner
 * passed in: it refuses in one line without an engine, gives each run its own server, stops what
 * it started, and never reports a skip as a pass. The real entry point is run as a process too.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { projectRoot } from '../../libs/infra/database/project-root';
import { TESTCONTAINERS_MIN_NODE, nodeSatisfies } from './node-version';
import { EXIT_FAILED, EXIT_PASSED, EXIT_REFUSED, runServers, type ServerEffects } from './run-servers';
import { parseTargets, planServers, type ServerSpec, type SuiteRun } from './server-plan';
import type { SuiteCounts, SuiteOutcome } from './suite-summary';

const passing: SuiteCounts = { tests: 10, pass: 10, fail: 0, cancelled: 0, skipped: 0, todo: 0 };

interface Recorded {
  readonly lines: string[];
  readonly started: string[];
  readonly stopped: string[];
  readonly runs: { run: SuiteRun; env: Record<string, string> }[];
}

function fakeEffects(options: {
  engine?: string | Error;
  env?: Record<string, string>;
  failToStart?: string;
  outcome?: (run: SuiteRun) => SuiteOutcome;
} = {}): { effects: ServerEffects; recorded: Recorded } {
  const recorded: Recorded = { lines: [], started: [], stopped: [], runs: [] };
  const engine = options.engine ?? 'unix:///var/run/docker.sock (server 27.0.0)';
  const effects: ServerEffects = {
    env: options.env ?? { PATH: '/bin' },
    print: (line) => recorded.lines.push(line),
    findContainerRuntime: () => (engine instanceof Error ? Promise.reject(engine) : Promise.resolve(engine)),
    startContainer: async (server: ServerSpec) => {
      if (server.id === options.failToStart) throw new Error('pull access denied\nfor image');
      recorded.started.push(server.id);
      return { endpoint: `container-of-${server.id}`, stop: async () => void recorded.stopped.push(server.id) };
    },
    serverVersion: async (server) => (server.kind === 'postgres' ? `${server.id.split('-')[1] ?? '?'}.1` : undefined),
    runSuites: async (run, env) => {
      recorded.runs.push({ run, env });
      return options.outcome?.(run) ?? { exitCode: 0, counts: passing };
    },
  };
  return { effects, recorded };
}

describe('without a container engine', () => {
  test('it refuses in one line naming what needed Docker and how to use running servers, and starts and runs nothing', async () => {
    const { effects, recorded } = fakeEffects({ engine: new Error('Could not find a working container runtime strategy\n  at …') });
    const code = await runServers(planServers(parseTargets([]), {}), effects);
    assert.equal(code, EXIT_REFUSED);
    assert.equal(recorded.lines.length, 1);
    const [line] = recorded.lines;
    assert.doesNotMatch(line, /\n/);
    assert.match(line, /no Docker engine \(Could not find a working container runtime strategy at …\)/);
    assert.match(line, /PostgreSQL 15, PostgreSQL 16, PostgreSQL 17, PostgreSQL 18, KurrentDB, Kafka/);
    assert.match(line, /DATABASE_URL, KURRENTDB_URL, KAFKA_BROKERS/);
    assert.deepEqual([recorded.started, recorded.runs], [[], []]);
  });

  test('servers that already run need no engine: the suites run against them', async () => {
    const env = { PATH: '/bin', DATABASE_URL: 'postgres://u:secret@db/x', KURRENTDB_URL: 'kurrentdb://kdb:2113?tls=false', KAFKA_BROKERS: 'k:9092' };
    const { effects, recorded } = fakeEffects({ engine: new Error('no engine'), env });
    const code = await runServers(planServers(parseTargets([]), env), effects);
    assert.equal(code, EXIT_PASSED);
    assert.deepEqual(recorded.runs.map((r) => r.env.TEST_DATABASE_URL), [env.DATABASE_URL, env.DATABASE_URL, env.DATABASE_URL]);
    assert.equal(recorded.runs[1].env.KURRENTDB_URL, env.KURRENTDB_URL);
    assert.equal(recorded.runs[2].env.KAFKA_BROKERS, env.KAFKA_BROKERS);
    assert.ok(recorded.lines.every((line) => !line.includes('secret')), 'the password is never printed');
  });
});

describe('with a container engine', () => {
  test('every server is started once, every run sees only its own server, and everything is stopped', async () => {
    const shell = { PATH: '/bin', TEST_DATABASE_URL: 'postgres://stale/x', DATABASE_URL: '' };
    const { effects, recorded } = fakeEffects({ env: shell });
    const code = await runServers(planServers(parseTargets([]), shell), effects);
    assert.equal(code, EXIT_PASSED);
    assert.deepEqual([...recorded.started].sort(), ['kafka', 'kurrentdb', 'postgres-15', 'postgres-16', 'postgres-17', 'postgres-18']);
    assert.deepEqual([...recorded.stopped].sort(), [...recorded.started].sort());
    const envs = recorded.runs.map((r) => [r.run.serverId, r.env]);
    assert.deepEqual(envs[0], ['postgres-15', { PATH: '/bin', TEST_DATABASE_URL: 'container-of-postgres-15' }]);
    assert.deepEqual(envs[4], ['kurrentdb', { PATH: '/bin', TEST_DATABASE_URL: 'container-of-postgres-18', KURRENTDB_URL: 'container-of-kurrentdb' }]);
    assert.deepEqual(envs[5], ['kafka', { PATH: '/bin', TEST_DATABASE_URL: 'container-of-postgres-18', KAFKA_BROKERS: 'container-of-kafka' }]);
  });

  test('the closing report says what ran against what: image, server version and counts', async () => {
    const { effects, recorded } = fakeEffects();
    await runServers(planServers(['postgres-15', 'kafka'], {}), effects);
    const report = recorded.lines.slice(recorded.lines.indexOf('test:servers: what ran against what'));
    assert.deepEqual(report, [
      'test:servers: what ran against what',
      '  ✔ PostgreSQL 15 [postgres:15-alpine, server 15.1]: 10 passed, 0 failed, 0 skipped',
      '  ✔ Kafka (KRaft) [confluentinc/cp-kafka:8.2.0]: 10 passed, 0 failed, 0 skipped',
      'test:servers: 20 passed, 0 failed, 0 skipped',
    ]);
  });

  test('a run with a skipped test fails the whole command: a skip is not a pass', async () => {
    const { effects, recorded } = fakeEffects({ outcome: (run) => ({ exitCode: 0, counts: run.serverId === 'kurrentdb' ? { ...passing, pass: 0, skipped: 1 } : passing }) });
    assert.equal(await runServers(planServers(['kurrentdb', 'kafka'], {}), effects), EXIT_FAILED);
    assert.ok(recorded.lines.some((line) => line.startsWith('  ✖ KurrentDB') && line.includes('(a skip is not a pass)')));
    assert.equal(recorded.lines.at(-1), 'test:servers: 10 passed, 0 failed, 1 skipped');
  });

  test('a runner that died without a summary fails, and the servers are still stopped', async () => {
    const { effects, recorded } = fakeEffects({ outcome: () => ({ exitCode: 1, counts: undefined }) });
    assert.equal(await runServers(planServers(['postgres-16'], {}), effects), EXIT_FAILED);
    assert.ok(recorded.lines.some((line) => line.includes('no test summary (exit code 1)')));
    assert.deepEqual(recorded.stopped, ['postgres-16']);
  });

  test('a container that does not start stops the others and runs nothing', async () => {
    const { effects, recorded } = fakeEffects({ failToStart: 'kurrentdb' });
    assert.equal(await runServers(planServers(['postgres-17', 'kurrentdb'], {}), effects), EXIT_FAILED);
    assert.deepEqual([recorded.started, recorded.stopped, recorded.runs], [['postgres-17'], ['postgres-17'], []]);
    assert.ok(recorded.lines.includes('test:servers: KurrentDB did not start from kurrentplatform/kurrentdb:26.1.2: pull access denied for image'));
  });
});

describe('the entry point as a process', () => {
  const main = join(projectRoot(), 'dist', 'test', 'servers', 'main.js');
  const run = (args: string[], env: Record<string, string>) => spawnSync(process.execPath, [main, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 60_000 });

  test('an unknown target is refused with the list of targets', () => {
    const result = run(['postgres-9'], {});
    assert.equal(result.status, EXIT_REFUSED);
    assert.match(result.stdout, /unknown target "postgres-9"; choose from postgres, postgres-15/);
  });

  const oldNode = !nodeSatisfies(process.versions.node, TESTCONTAINERS_MIN_NODE);
  test('on a Node older than testcontainers needs, with the switch off, it refuses in one line and tests nothing', { skip: oldNode ? false : `Node ${process.version} runs testcontainers: this refusal cannot happen here` }, () => {
    const result = run([], { TEST_SERVERS_NODE_SWITCH: 'off' });
    assert.equal(result.status, EXIT_REFUSED);
    assert.equal(result.stdout.trim().split('\n').length, 1);
    assert.match(result.stdout, new RegExp(`needs Node >= ${TESTCONTAINERS_MIN_NODE} and this is ${process.version}.*Nothing was tested`));
  });
});
