import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TEST_JWT_SECRET } from './test-app';

const run = promisify(execFile);
const cli = join(__dirname, '..', '..', 'apps', 'cli', 'main.js');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `npm run ledger -- <args>` as its compiled entry point, against the given database. */
export async function runLedgerCli(databaseUrl: string, ...args: string[]): Promise<CliResult> {
  const env = { ...process.env, DATABASE_URL: databaseUrl, JWT_SECRET: TEST_JWT_SECRET, DATA_DIR: mkdtempSync(join(tmpdir(), 'ledger-cli-')), LOG_LEVEL: 'silent' };
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { env, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
