import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../libs/infra/database/project-root';

const mainScript = join(projectRoot(), 'dist', 'apps', 'relay', 'main.js');

export interface RelayProcess {
  readonly child: ChildProcess;
  readonly exit: Promise<number | null>;
  output(): string;
}

/** The standalone relay (apps/relay/main.ts) with only the given environment, killed after a minute at most. */
export function runRelayMain(dataDir: string, env: Record<string, string>): RelayProcess {
  const child = spawn(process.execPath, [mainScript], {
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, JWT_SECRET: 'x'.repeat(40), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  void exit.then(() => clearTimeout(timer));
  return { child, exit, output: () => output };
}
