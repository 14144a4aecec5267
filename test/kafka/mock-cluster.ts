import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../libs/infra/database/project-root';
import { createInterface } from 'node:readline';

/**
 * Starts librdkafka's mock Kafka cluster (test/kafka/mock-cluster.c) as a child process: real
 * Kafka protocol on loopback ports, with brokers that can be taken down and brought back.
 * The C program is compiled once per source version into node_modules/.cache and reused.
 */
export interface MockCluster {
  /** Bootstrap list for clients, e.g. ['127.0.0.1:41234', ...]. */
  readonly brokers: string[];
  /** Disconnects the broker (or all with -1) and refuses new connections until brokerUp. */
  brokerDown(id: number): Promise<void>;
  brokerUp(id: number): Promise<void>;
  createTopic(name: string, partitions: number): Promise<void>;
  stop(): Promise<void>;
}

export interface MockClusterOptions {
  readonly brokerCount?: number;
  readonly topics?: readonly { readonly name: string; readonly partitions: number }[];
}

const repoRoot = projectRoot();
const sourcePath = join(repoRoot, 'test', 'kafka', 'mock-cluster.c');
const startTimeoutMs = 10_000;
const commandTimeoutMs = 5_000;

/** Compiles the mock program unless a binary built from the same source is already cached. */
export function mockClusterBinary(): string {
  const source = readFileSync(sourcePath);
  const digest = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const cacheDir = join(repoRoot, 'node_modules', '.cache', 'kafka-mock-cluster');
  const binary = join(cacheDir, `mock-cluster-${digest}`);
  if (existsSync(binary)) return binary;
  mkdirSync(cacheDir, { recursive: true });
  // Build under a private name and rename, so two suites compiling at once never run half a file.
  const partial = `${binary}.${process.pid}.tmp`;
  try {
    execFileSync('gcc', ['-O2', '-Wall', '-o', partial, sourcePath, '-lrdkafka'], { stdio: 'pipe' });
  } catch (error) {
    const detail = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
    throw new Error(
      'Kafka tests need gcc and librdkafka with its mock cluster (rdkafka_mock.h): ' +
        `apt-get install -y librdkafka-dev gcc. Compiling ${sourcePath} failed:\n${detail}`,
    );
  }
  renameSync(partial, binary);
  return binary;
}

export async function startMockCluster(options: MockClusterOptions = {}): Promise<MockCluster> {
  const binary = mockClusterBinary();
  const topics = (options.topics ?? []).map((t) => `${t.name}:${t.partitions}`);
  const child = spawn(binary, [String(options.brokerCount ?? 3), ...topics], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const lines = createInterface({ input: child.stdout });
  const replies: ((line: string) => void)[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const brokers = await new Promise<string[]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mock cluster did not start in ${startTimeoutMs} ms: ${stderr}`)), startTimeoutMs);
    child.once('error', (error) => reject(error));
    child.once('exit', (code) => reject(new Error(`mock cluster exited with ${code}: ${stderr}`)));
    lines.once('line', (line) => {
      clearTimeout(timer);
      if (!line.startsWith('bootstraps ')) reject(new Error(`unexpected mock cluster output: ${line}`));
      else resolve(line.slice('bootstraps '.length).split(','));
    });
  });
  lines.on('line', (line) => replies.shift()?.(line));

  const command = (text: string): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`mock cluster did not answer "${text}"`)), commandTimeoutMs);
      replies.push((line) => {
        clearTimeout(timer);
        if (line === `ok ${text}`) resolve();
        else reject(new Error(`mock cluster: ${line}`));
      });
      child.stdin.write(`${text}\n`);
    });

  return {
    brokers,
    brokerDown: (id) => command(`down ${id}`),
    brokerUp: (id) => command(`up ${id}`),
    createTopic: (name, partitions) => command(`topic ${name} ${partitions}`),
    stop: () => stopChild(child, exited),
  };
}

/** Closing stdin asks the program to exit; a kill follows if it hangs. */
async function stopChild(child: ChildProcessWithoutNullStreams, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.stdin.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
}
