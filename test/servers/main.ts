/**
 * `npm run test:servers [-- target…]`: the suites against real servers in containers
 * (KurrentDB, Kafka in KRaft mode, PostgreSQL 15 to 18), or against servers that already run
 * when DATABASE_URL / KURRENTDB_URL / KAFKA_BROKERS name them. `npm test` never calls it.
 * Exit codes: 0 every run passed, 1 a run failed or skipped, 2 refused (no engine, bad target).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { withClient } from '../../libs/infra/database/pool';
import { SWITCH_TO_NODE, TESTCONTAINERS_MIN_NODE, nodeSatisfies } from './node-version';
import { EXIT_REFUSED, runServers, type ServerEffects } from './run-servers';
import { TARGETS, UsageError, containersNeeded, parseTargets, planServers, type ServerSpec, type SuiteRun } from './server-plan';
import { parseSummary, type SuiteOutcome } from './suite-summary';

const runTestsScript = join(__dirname, '..', 'support', 'run-tests.js');
const OUTPUT_KEPT_CHARS = 64 * 1024;

const USAGE = `usage: npm run test:servers [-- target…]   targets: postgres (all four), ${TARGETS.join(', ')}; none means all
Servers that already run replace their containers: DATABASE_URL (a role that may CREATE DATABASE), KURRENTDB_URL, KAFKA_BROKERS.`;

/** Runs the suites of one server through the ordinary runner, echoing its output and keeping the tail for the counts. */
function runSuites(run: SuiteRun, env: Record<string, string>): Promise<SuiteOutcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [runTestsScript, ...run.filters], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const keep = (chunk: Buffer, to: NodeJS.WriteStream) => {
      to.write(chunk);
      tail = (tail + chunk.toString()).slice(-OUTPUT_KEPT_CHARS);
    };
    child.stdout.on('data', (chunk: Buffer) => keep(chunk, process.stdout));
    child.stderr.on('data', (chunk: Buffer) => keep(chunk, process.stderr));
    child.once('error', (error) => resolve({ exitCode: 1, counts: parseSummary(`${tail}\n${error.message}`) }));
    child.once('close', (code, signal) => resolve({ exitCode: code ?? (signal ? 1 : 0), counts: parseSummary(tail) }));
  });
}

async function serverVersion(server: ServerSpec, endpoint: string): Promise<string | undefined> {
  if (server.kind !== 'postgres') return undefined;
  return withClient(endpoint, async (client) => (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version);
}

function realEffects(): ServerEffects {
  return {
    env: process.env,
    print: (line) => console.log(line),
    // testcontainers is loaded only here, after the Node version check: it does not load on Node 20.
    findContainerRuntime: async () => {
      const containers = await import('./containers.js');
      containers.ensureInstalled((line) => console.log(line));
      return containers.findContainerRuntime();
    },
    startContainer: async (server) => (await import('./containers.js')).startContainer(server),
    serverVersion,
    runSuites,
  };
}

/** On a Node older than testcontainers needs, run this same file again under Node 24 from npm. */
function switchNode(args: readonly string[]): Promise<number> {
  const why = `testcontainers 12 needs Node >= ${TESTCONTAINERS_MIN_NODE} and this is ${process.version}`;
  if (process.env.TEST_SERVERS_NODE_SWITCH === 'off') {
    console.log(`test:servers: ${why}; run it with Node ${SWITCH_TO_NODE} (npx -y node@${SWITCH_TO_NODE} dist/test/servers/main.js), or leave TEST_SERVERS_NODE_SWITCH unset to let it switch. Nothing was tested.`);
    return Promise.resolve(EXIT_REFUSED);
  }
  console.log(`test:servers: ${why}; running again under Node ${SWITCH_TO_NODE} from npm (npx -y node@${SWITCH_TO_NODE})`);
  return new Promise((resolve) => {
    // The switched process must not switch again, whatever npx found.
    const child = spawn('npx', ['-y', `node@${SWITCH_TO_NODE}`, __filename, ...args], { stdio: 'inherit', env: { ...process.env, TEST_SERVERS_NODE_SWITCH: 'off' } });
    child.once('error', (error) => {
      console.log(`test:servers: could not start npx to switch Node (${error.message}). Nothing was tested.`);
      resolve(EXIT_REFUSED);
    });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  let servers: ServerSpec[];
  try {
    servers = planServers(parseTargets(args), process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.log(`test:servers: ${error.message}\n${USAGE}`);
    return EXIT_REFUSED;
  }
  if (containersNeeded(servers).length > 0 && !nodeSatisfies(process.versions.node, TESTCONTAINERS_MIN_NODE)) return switchNode(args);
  return runServers(servers, realEffects());
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
