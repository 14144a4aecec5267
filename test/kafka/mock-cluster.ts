import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mockClusterBinary } from './mock-cluster-build';

/**
 * Starts librdkafka's mock Kafka cluster (test/kafka/mock-cluster.c) as a child process: real
 * Kafka protocol on loopback ports, with brokers that can be taken down and brought back.
 * The program and the librdkafka it links are built once by ./mock-cluster-build.ts.
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

const startTimeoutMs = 10_000;
const commandTimeoutMs = 5_000;

export async function startMockCluster(options: MockClusterOptions = {}): Promise<MockCluster> {
  const binary = await mockClusterBinary();
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
