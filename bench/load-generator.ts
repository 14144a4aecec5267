import { fork } from 'node:child_process';
import { join } from 'node:path';
import { runLoad, type LoadJob, type LoadSummary } from './load-runner';

export type { LoadJob, LoadSummary } from './load-runner';

/**
 * Where the load generator runs. `own-process` is how the HTTP sections measure: autocannon in a
 * child process, so that the latency a request records is the server's and not the time its
 * answer waited behind the generator's own parsing on a shared event loop. `server-process` is
 * how they measured until 2026-12-05, kept as a reference row (http.bench.ts).
 */
export type GeneratorPlace = 'own-process' | 'server-process';

export async function generateLoad(job: LoadJob, place: GeneratorPlace = 'own-process'): Promise<LoadSummary> {
  if (place === 'server-process') return runLoad(job);
  const child = fork(join(__dirname, 'load-generator.child.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const answer = await new Promise<{ summary?: LoadSummary; error?: string }>((resolve, reject) => {
      child.once('message', (message) => resolve(message as { summary?: LoadSummary; error?: string }));
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the load generator exited (${code}) before it answered`)));
      child.send(job);
    });
    if (!answer.summary) throw new Error(`the load generator failed: ${answer.error ?? 'no answer'}`);
    return answer.summary;
  } finally {
    if (child.exitCode === null) child.kill();
  }
}
