/**
 * `npm test` lands here after lint and build, which run on the machine's Node. It gathers what
 * the suite needs from npm and the machine's compiler alone, saying in one line whatever it
 * fetches, builds or installs, then runs the compiled spec files with Node's test runner:
 *
 * - on the current LTS Node (./suite-node.ts; the `npm start` suite starts the service with the
 *   machine's Node, passed as TEST_MACHINE_NODE),
 * - against one embedded PostgreSQL 18 for the whole run (TEST_DATABASE_URL names another),
 * - with librdkafka's mock Kafka cluster built when a Kafka suite is selected,
 * - and then the event store contract and the end-to-end suites a second time, on PostgreSQL 15
 *   (./postgres-15.ts). A second pass that cannot run is reported and fails the run.
 *
 * Each suite creates its own database on the server it is given. Arguments select suites the
 * way jest does (./spec-selection.ts): `npm test -- test/kafka/relay.spec.ts`, `npm test -- e2e -t refund`.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { serverScratchDir, startEmbeddedPostgres } from '../../libs/infra/database/embedded-postgres';
import { projectRoot } from '../../libs/infra/database/project-root';
import { mockClusterBinary } from '../kafka/mock-cluster-build';
import { NotRun, startPostgres15, type CrossVersionServer } from './postgres-15';
import { selectSpecs, type SpecFile } from './spec-selection';
import { suiteNode, type SuiteNode } from './suite-node';

const distRoot = join(__dirname, '..', '..');
const root = projectRoot();

/** The suites that exercise PostgreSQL through the event store and the HTTP API, run on the oldest supported version too. */
function crossVersion(file: SpecFile): boolean {
  if (file.source === 'test/event-store-contract/postgres.contract.spec.ts') return true;
  // The `npm start` suite starts its own embedded server, so a second pass would repeat it unchanged.
  return file.source.startsWith('test/e2e/') && file.source !== 'test/e2e/npm-start.e2e.spec.ts';
}

function needsKafka(file: SpecFile): boolean {
  return file.source.startsWith('test/kafka/') || file.source.startsWith('test/bench/');
}

interface Server {
  readonly url: string;
  readonly label: string;
  stop(): Promise<void>;
}

interface Pass {
  readonly label: string;
  readonly files: number;
  readonly code: number;
  readonly counts: Record<string, number>;
}

async function mainDatabase(say: (line: string) => void): Promise<Server> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) return { url: given, label: 'PostgreSQL at TEST_DATABASE_URL', stop: async () => undefined };
  const scratch = serverScratchDir('ledger-test-pg-');
  const started = Date.now();
  const db = await startEmbeddedPostgres({ dataDir: join(scratch, 'postgres'), persistent: false });
  say(`test PostgreSQL (embedded) ready on ${new URL(db.url).port} in ${Date.now() - started} ms`);
  return {
    url: db.url,
    label: `PostgreSQL ${db.version} (embedded)`,
    stop: async () => {
      await db.stop();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

async function runPass(label: string, files: readonly SpecFile[], url: string, node: SuiteNode, runnerArgs: readonly string[]): Promise<Pass> {
  const tap = join(serverScratchDir('ledger-test-report-'), 'report.tap');
  const args = ['--enable-source-maps', '--test', '--test-concurrency=2', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`];
  const code = await new Promise<number>((resolveCode) => {
    const child = spawn(node.path, [...args, ...runnerArgs, ...files.map((file) => file.compiled)], {
      stdio: 'inherit',
      env: { ...process.env, TEST_DATABASE_URL: url, TEST_MACHINE_NODE: process.execPath, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
    });
    child.on('exit', (exitCode, signal) => resolveCode(exitCode ?? (signal ? 1 : 0)));
  });
  const counts: Record<string, number> = {};
  try {
    for (const match of readFileSync(tap, 'utf8').matchAll(/^# (tests|pass|fail|cancelled|skipped|todo) (\d+)$/gm)) counts[match[1] as string] = Number(match[2]);
  } catch {
    // No report: the runner itself failed, which the exit code already says.
  }
  rmSync(join(tap, '..'), { recursive: true, force: true });
  return { label, files: files.length, code, counts };
}

function describePass(pass: Pass): string {
  const c = pass.counts;
  const extra = [c.skipped ? `${c.skipped} skipped` : '', c.cancelled ? `${c.cancelled} cancelled` : '', c.todo ? `${c.todo} todo` : ''].filter(Boolean).join(', ');
  const verdict = pass.code === 0 ? 'passed' : 'FAILED';
  return `${pass.label}: ${pass.files} files, ${c.tests ?? '?'} tests, ${c.pass ?? 0} passed, ${c.fail ?? 0} failed${extra ? `, ${extra}` : ''}: ${verdict}`;
}

async function main(): Promise<number> {
  const say = (line: string): void => console.log(line);
  const selection = selectSpecs(distRoot, root, process.argv.slice(2));
  const second = selection.files.filter(crossVersion);
  // Started early (it may need apt-get) and awaited after the first pass; a failure becomes a reason.
  const pg15 = second.length > 0 ? startPostgres15(say).then((server): CrossVersionServer | NotRun => server, (error: unknown) => (error instanceof NotRun ? error : new NotRun(String(error)))) : undefined;
  const [node, database] = await Promise.all([
    suiteNode(say),
    mainDatabase(say),
    selection.files.some(needsKafka) ? mockClusterBinary(say) : undefined,
  ]);
  say(`suite on Node ${node.version}; lint, build and the \`npm start\` suite on this machine's Node ${process.version}`);
  const passes: Pass[] = [];
  try {
    passes.push(await runPass(database.label, selection.files, database.url, node, selection.runnerArgs));
  } finally {
    await database.stop();
  }
  let notRun: string | undefined;
  const server = await pg15;
  if (server instanceof NotRun) notRun = server.message;
  else if (server) {
    say(`\nSecond pass: the event store contract and end-to-end suites on PostgreSQL ${server.version}`);
    try {
      passes.push(await runPass(`PostgreSQL ${server.version}`, second, server.url, node, selection.runnerArgs));
    } finally {
      await server.stop();
    }
  }
  say(`\nSummary (Node ${node.version}):`);
  for (const pass of passes) say(`  ${describePass(pass)}`);
  if (notRun) say(`  PostgreSQL 15: the second pass did not happen, so this run has not passed: ${notRun}`);
  return passes.every((pass) => pass.code === 0) && !notRun ? 0 : 1;
}

// An interrupted run still stops the servers it started (their exit hooks run on process.exit).
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const oneLine = error instanceof Error && (error.name === 'StartupError' || error.name === 'UsageError');
    console.error(oneLine ? `npm test: ${(error as Error).message}` : error);
    process.exit(error instanceof Error && error.name === 'UsageError' ? 2 : 1);
  },
);
