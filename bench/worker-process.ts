import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { WorkerMessage, WorkerReply } from './renewal.worker';

/**
 * A worker process of the benchmarks (bench/renewal.worker.ts: apps/worker's own composition under
 * a manual clock), forked against one database with its share of the due work (WORKER_SHARE) and
 * the feed's followers it runs (WORKER_FOLLOWS). Renewal day runs one or two of them; the HTTP
 * benchmark runs one beside an API without its worker, as the distributed setup does.
 */
export function startWorkerProcess(databaseUrl: string, share: string, follows: string): Promise<ChildProcess> {
  const child = fork(join(__dirname, 'renewal.worker.js'), [], {
    env: { ...process.env, BENCH_RENEWAL_DATABASE_URL: databaseUrl, WORKER_SHARE: share, WORKER_FOLLOWS: follows },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    // The heap flags the benchmark runs with (the service's own), not a test runner's flags.
    // BENCH_PROFILE_DIR: a V8 CPU profile of each worker process, for finding where the time goes.
    execArgv: [...process.execArgv.filter((flag) => flag.startsWith('--max-semi-space-size') || flag.startsWith('--max-old-space-size')), ...(process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [])],
  });
  return reply(child, 'ready').then(() => child);
}

function reply(child: ChildProcess, type: WorkerReply['type']): Promise<WorkerReply> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: WorkerReply) => {
      if (message.type === 'failed') done(() => reject(new Error(`worker process failed: ${message.error}`)));
      else if (message.type === type) done(() => resolve(message));
    };
    const onExit = (code: number | null) => done(() => reject(new Error(`worker process exited (${code}) before ${type}`)));
    const done = (settle: () => void) => {
      child.off('message', onMessage);
      child.off('exit', onExit);
      settle();
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

export function ask(child: ChildProcess, message: WorkerMessage, answer: WorkerReply['type']): Promise<WorkerReply> {
  const answered = reply(child, answer);
  child.send(message);
  return answered;
}

/** CPU seconds the processes have used so far, as they report it. */
export async function cpuOf(children: readonly ChildProcess[]): Promise<number> {
  const answers = await Promise.all(children.map((child) => ask(child, { type: 'cpu' }, 'cpu')));
  return answers.reduce((sum, answer) => sum + (answer.type === 'cpu' ? answer.seconds : 0), 0);
}

export async function stopWorkerProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.send({ type: 'stop' } satisfies WorkerMessage);
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
