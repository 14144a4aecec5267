// `npm start` as a user runs it: no DATABASE_URL, so the embedded PostgreSQL starts in a data
// folder; the service prints its URL and an admin token that works; SIGTERM stops it cleanly.
// It runs under the machine's own Node (the test runner passes it in TEST_MACHINE_NODE while the
// suite itself runs on the current LTS), and DATA_DIR sits in a private (0700) folder as it does
// in a clone under /root.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { lstatSync, mkdtempSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../libs/infra/database/embedded-postgres';

const main = join(__dirname, '..', '..', 'apps', 'main.js');
const node = process.env.TEST_MACHINE_NODE ?? process.execPath;

test('the embedded start serves /health and the account round trip with the printed token', { timeout: 60_000 }, async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'ledger-start-'));
  const dataDir = join(home, 'data');
  const port = await freePort();
  let homeMode = 0;
  t.diagnostic(`npm start under Node ${execFileSync(node, ['--version']).toString().trim()} (${node})`);
  const env = { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' } as NodeJS.ProcessEnv;
  delete env.DATABASE_URL;
  delete env.JWT_SECRET;
  const child = spawn(node, [main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  try {
    const deadline = Date.now() + 45_000;
    while (!/Admin token \(12 h\): (\S+)/.test(output)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no start banner:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const token = /Admin token \(12 h\): (\S+)/.exec(output)?.[1] as string;
    assert.match(output, new RegExp(`listening on http://127.0.0.1:${port}`));
    const base = `http://127.0.0.1:${port}`;
    assert.equal((await fetch(`${base}/health`)).status, 200);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const opened = await fetch(`${base}/v1/accounts`, { method: 'POST', headers, body: JSON.stringify({ accountId: 'started', businessName: 'Started', email: 's@example.com', currency: 'GBP', taxRegion: 'GB' }) });
    assert.equal(opened.status, 201);
    const { position } = (await opened.json()) as { position: string };
    const read = await fetch(`${base}/v1/accounts/started?after=${position}`, { headers });
    assert.equal(read.status, 200);
    assert.equal(((await read.json()) as { accountId: string }).accountId, 'started');
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    homeMode = statSync(home).mode & 0o777;
    // As root the cluster was placed outside the private folder and linked from DATA_DIR/postgres.
    const cluster = join(dataDir, 'postgres');
    if (lstatSync(cluster, { throwIfNoEntry: false })?.isSymbolicLink()) rmSync(readlinkSync(cluster), { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  }
  assert.equal(child.exitCode, 0, output);
  assert.equal(homeMode, 0o700, 'the private folder was not opened up');
});
