import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenService, type Principal } from '../../../libs/infra/auth/auth';
import { TEST_JWT_SECRET, UNLIMITED_RATES } from '../../support/test-app';

/**
 * The service as a real child process (`node dist/apps/main.js`), so that a test can SIGKILL it
 * mid-flight the way an OOM killer or a power cut would, and read everything it wrote to stdout.
 */
export interface ServiceProcess {
  readonly url: string;
  readonly pid: number;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface ServiceOptions {
  readonly databaseUrl: string;
  readonly env?: Record<string, string>;
  /** Entry point under dist/, default the whole service. */
  readonly entry?: string;
  readonly startTimeoutMs?: number;
}

const distRoot = join(__dirname, '..', '..', '..');
const LISTENING = /Billing ledger listening on (http:\/\/[\d.]+:\d+)/;

export async function startService(options: ServiceOptions): Promise<ServiceProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-service-'));
  const child = spawn(process.execPath, [join(distRoot, options.entry ?? 'apps/main.js')], {
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: options.databaseUrl,
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      JWT_SECRET: TEST_JWT_SECRET,
      BILLING_CLOCK: 'manual',
      LOG_LEVEL: 'warn',
      ...UNLIMITED_RATES,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => rmSync(dataDir, { recursive: true, force: true }));
  const url = await waitForUrl(child, () => output, options.startTimeoutMs ?? 30_000);
  return {
    url,
    pid: child.pid as number,
    output: () => output,
    kill: async (signal = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

async function waitForUrl(child: ChildProcess, output: () => string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = LISTENING.exec(output());
    if (match) return match[1];
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode} before listening:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  child.kill('SIGKILL');
  throw new Error(`the service did not listen within ${timeoutMs} ms:\n${output()}`);
}

const tokens = new TokenService(TEST_JWT_SECRET);
export const mintToken = (principal: Principal, ttlSeconds?: number) => tokens.mint(principal, ttlSeconds);

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
  readonly ms: number;
}

/** One request; a refused or cut connection is status 0 (the answer was lost). */
export async function call(url: string, method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {}): Promise<HttpAnswer> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const started = Date.now();
  try {
    const response = await fetch(`${url}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON: keep the text.
    }
    return { status: response.status, headers: response.headers, body, ms: Date.now() - started };
  } catch {
    return { status: 0, headers: new Headers(), body: undefined, ms: Date.now() - started };
  }
}
