/**
 * `npm test` lands here after lint and build. Starts one real PostgreSQL for the whole run (the
 * embedded one, unless TEST_DATABASE_URL points at another), then runs every compiled spec file
 * with Node's test runner. Each suite creates its own database on that server, so suites stay
 * independent. Arguments filter the spec files by substring: `npm run test:only -- domain`.
 */
import { spawn } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { startEmbeddedPostgres } from '../../libs/infra/database/embedded-postgres';
import { chromiumExecutable } from './browser';

const distRoot = join(__dirname, '..', '..');

function specFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...specFiles(path));
    else if (entry.name.endsWith('.spec.js')) found.push(path);
  }
  return found.sort();
}

async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  const files = specFiles(distRoot).filter((file) => filters.length === 0 || filters.some((f) => relative(distRoot, file).includes(f)));
  if (files.length === 0) throw new Error(`no spec files match ${filters.join(' ')}`);

  let url = process.env.TEST_DATABASE_URL;
  let stop = async (): Promise<void> => undefined;
  if (!url) {
    const dataDir = join(distRoot, '..', '.test-data', `pg-${process.pid}`);
    const started = Date.now();
    const db = await startEmbeddedPostgres({ dataDir, persistent: false });
    console.log(`test PostgreSQL (embedded) ready on ${new URL(db.url).port} in ${Date.now() - started} ms`);
    url = db.url;
    stop = async () => {
      await db.stop();
      rmSync(dataDir, { recursive: true, force: true });
    };
  }

  // The browser journeys share one Chromium binary, found (or unpacked from its npm package) once
  // here rather than by two spec files at the same time.
  const browserEnv: Record<string, string> = {};
  if (files.some((file) => relative(distRoot, file).startsWith(join('test', 'browser')))) {
    browserEnv.CHROMIUM_PATH = await chromiumExecutable();
    console.log(`browser journeys run in ${browserEnv.CHROMIUM_PATH}`);
  }

  const code = await new Promise<number>((resolveCode) => {
    const child = spawn(process.execPath, ['--enable-source-maps', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files], {
      stdio: 'inherit',
      env: { ...process.env, ...browserEnv, TEST_DATABASE_URL: url, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
    });
    child.on('exit', (exitCode, signal) => resolveCode(exitCode ?? (signal ? 1 : 0)));
  });
  await stop();
  process.exit(code);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
