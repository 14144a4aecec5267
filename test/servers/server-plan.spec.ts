/** What test:servers starts and which suites see which server, decided without Docker. */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { projectRoot } from '../../libs/infra/database/project-root';
import { nodeSatisfies } from './node-version';
import { DEFAULT_IMAGES, SUITES, UsageError, containersNeeded, parseTargets, planServers, redact, runEnvironment, suiteRuns, type ServerKind } from './server-plan';

const all = () => parseTargets([]);

function endpointsFor(ids: readonly string[]): Map<string, string> {
  return new Map(ids.map((id) => [id, `endpoint-of-${id}`]));
}

describe('targets', () => {
  test('no words means every server; postgres means the four versions; order is fixed', () => {
    assert.deepEqual(all(), ['postgres-15', 'postgres-16', 'postgres-17', 'postgres-18', 'kurrentdb', 'kafka']);
    assert.deepEqual(parseTargets(['postgres']), ['postgres-15', 'postgres-16', 'postgres-17', 'postgres-18']);
    assert.deepEqual(parseTargets(['kafka', 'postgres-16', 'kafka']), ['postgres-16', 'kafka']);
  });

  test('an unknown word is a usage error that lists the targets', () => {
    assert.throws(() => parseTargets(['postgres-14']), (error: unknown) => error instanceof UsageError && /postgres-15/.test(error.message));
  });
});

describe('servers', () => {
  test('with no server in the environment, every target is a container from its pinned image', () => {
    const servers = planServers(all(), { PATH: '/usr/bin' });
    assert.deepEqual(
      servers.map((s) => [s.id, s.source]),
      [
        ['postgres-15', { container: 'postgres:15-alpine' }],
        ['postgres-16', { container: 'postgres:16-alpine' }],
        ['postgres-17', { container: 'postgres:17-alpine' }],
        ['postgres-18', { container: 'postgres:18-alpine' }],
        ['kurrentdb', { container: DEFAULT_IMAGES.kurrentdb }],
        ['kafka', { container: DEFAULT_IMAGES.kafka }],
      ],
    );
    assert.equal(containersNeeded(servers).length, 6);
  });

  test('servers that already run replace their containers; DATABASE_URL stands for every PostgreSQL version', () => {
    const env = { DATABASE_URL: 'postgres://u:p@db:5432/x', KURRENTDB_URL: 'kurrentdb://kdb:2113?tls=false', KAFKA_BROKERS: 'k1:9092,k2:9092' };
    const servers = planServers(all(), env);
    assert.deepEqual(
      servers.map((s) => [s.id, s.source]),
      [
        ['postgres', { variable: 'DATABASE_URL', value: env.DATABASE_URL }],
        ['kurrentdb', { variable: 'KURRENTDB_URL', value: env.KURRENTDB_URL }],
        ['kafka', { variable: 'KAFKA_BROKERS', value: env.KAFKA_BROKERS }],
      ],
    );
    assert.deepEqual(containersNeeded(servers), []);
  });

  test('one server given, the others still need containers; a blank variable counts as unset', () => {
    const servers = planServers(['postgres-17', 'kurrentdb', 'kafka'], { KURRENTDB_URL: 'kurrentdb://kdb:2113?tls=false', KAFKA_BROKERS: '  ' });
    assert.deepEqual(containersNeeded(servers).map((s) => s.id), ['postgres-17', 'kafka']);
  });

  test('the KurrentDB and Kafka images can be overridden (e.g. an arm64 KurrentDB build)', () => {
    const servers = planServers(['kurrentdb', 'kafka'], { TEST_SERVERS_KURRENTDB_IMAGE: 'my/kurrentdb:arm', TEST_SERVERS_KAFKA_IMAGE: 'confluentinc/cp-kafka:8.1.0' });
    assert.deepEqual(servers.map((s) => s.source), [{ container: 'my/kurrentdb:arm' }, { container: 'confluentinc/cp-kafka:8.1.0' }]);
  });
});

describe('suite runs', () => {
  test('each PostgreSQL version runs the contract and the end-to-end suites against itself alone', () => {
    const servers = planServers(['postgres-15', 'postgres-18'], {});
    const runs = suiteRuns(servers, endpointsFor(['postgres-15', 'postgres-18']));
    assert.deepEqual(runs.map((r) => [r.serverId, r.env]), [
      ['postgres-15', { TEST_DATABASE_URL: 'endpoint-of-postgres-15' }],
      ['postgres-18', { TEST_DATABASE_URL: 'endpoint-of-postgres-18' }],
    ]);
    for (const run of runs) {
      assert.ok(run.filters.includes('test/e2e/'));
      assert.ok(run.filters.includes('test/event-store-contract/postgres'));
    }
  });

  test('KurrentDB and Kafka runs get their server, and the newest PostgreSQL for the database they also need', () => {
    const servers = planServers(all(), {});
    const runs = suiteRuns(servers, endpointsFor(servers.map((s) => s.id)));
    const byId = new Map(runs.map((r) => [r.serverId, r]));
    assert.deepEqual(byId.get('kurrentdb')?.env, { TEST_DATABASE_URL: 'endpoint-of-postgres-18', KURRENTDB_URL: 'endpoint-of-kurrentdb' });
    assert.deepEqual(byId.get('kafka')?.env, { TEST_DATABASE_URL: 'endpoint-of-postgres-18', KAFKA_BROKERS: 'endpoint-of-kafka' });
    assert.deepEqual(byId.get('kurrentdb')?.filters, SUITES.kurrentdb);
    assert.deepEqual(byId.get('kafka')?.filters, SUITES.kafka);
    assert.equal(runs.length, 6);
  });

  test('without a PostgreSQL target, the runner is left to start its embedded one', () => {
    const servers = planServers(['kafka'], {});
    assert.deepEqual(suiteRuns(servers, endpointsFor(['kafka']))[0].env, { KAFKA_BROKERS: 'endpoint-of-kafka' });
  });

  test('a run never inherits a server from the shell: only its own variables reach it', () => {
    const [run] = suiteRuns(planServers(['kafka'], {}), endpointsFor(['kafka']));
    const env = runEnvironment({ PATH: '/bin', DATABASE_URL: 'postgres://prod', TEST_DATABASE_URL: 'postgres://other', KURRENTDB_URL: 'kurrentdb://x', KAFKA_BROKERS: 'old:9092', LOG_LEVEL: 'warn' }, run);
    assert.deepEqual(env, { PATH: '/bin', LOG_LEVEL: 'warn', KAFKA_BROKERS: 'endpoint-of-kafka' });
  });

  test('a server that was not started has no run', () => {
    assert.throws(() => suiteRuns(planServers(['kafka'], {}), new Map()), /kafka/);
  });

  test('every suite filter matches at least one compiled spec file, so a renamed suite cannot drop out unnoticed', () => {
    const distRoot = join(projectRoot(), 'dist');
    const specs: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(join(dir, entry.name));
        else if (entry.name.endsWith('.spec.js')) specs.push(relative(distRoot, join(dir, entry.name)));
      }
    };
    walk(distRoot);
    for (const kind of Object.keys(SUITES) as ServerKind[]) {
      for (const filter of SUITES[kind]) assert.ok(specs.some((spec) => spec.includes(filter)), `${kind}: no spec matches ${filter}`);
    }
  });
});

test('a printed URL hides its password', () => {
  assert.equal(redact('postgres://ledger:secret@db:5432/ledger'), 'postgres://ledger:***@db:5432/ledger');
  assert.equal(redact('k1:9092,k2:9092'), 'k1:9092,k2:9092');
});

test('Node versions compare by number, not by text', () => {
  assert.equal(nodeSatisfies('v20.20.2', '22.22.0'), false);
  assert.equal(nodeSatisfies('22.21.9', '22.22.0'), false);
  assert.equal(nodeSatisfies('22.22.0', '22.22.0'), true);
  assert.equal(nodeSatisfies('v24.1.0', '22.22.0'), true);
  assert.equal(nodeSatisfies('100.0.0', '22.22.0'), true);
});
