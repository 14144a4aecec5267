// Builds the web app (apps/web) as part of `npm run build`, so that `npm start` and `npm test`
// serve what the sources say: type-checks it against the committed contract
// (libs/contract/openapi.d.ts), compiles its unit specs into dist/ for Node's test runner, and
// bundles it with Vite into dist/web, which the api serves at `/`.
//
// A build is skipped when nothing it reads changed since the last one (a hash of the web sources,
// the contract and the lockfile is kept in dist/web/.source-hash): most test runs touch no web
// file, and a Vite build costs seconds on a shared two-core machine. `--force` rebuilds anyway.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const web = join(root, 'apps', 'web');
const out = join(root, 'dist', 'web');
const hashFile = join(out, '.source-hash');

function filesUnder(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...filesUnder(path));
    else found.push(path);
  }
  return found;
}

function sourceHash() {
  const hash = createHash('sha256');
  const inputs = [...filesUnder(web), join(root, 'libs', 'contract', 'openapi.d.ts'), join(root, 'package-lock.json'), fileURLToPath(import.meta.url)].sort();
  for (const file of inputs) {
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

function tsc(project) {
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project], { cwd: root, stdio: 'inherit' });
}

/** Brotli and gzip copies of the scripts and styles, which the api serves to browsers that accept them. */
function precompress(dir) {
  for (const file of filesUnder(dir).filter((path) => /\.(js|css)$/.test(path))) {
    const content = readFileSync(file);
    writeFileSync(`${file}.br`, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
    writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
  }
}

async function main() {
  const force = process.argv.includes('--force');
  const hash = sourceHash();
  if (!force && existsSync(hashFile) && readFileSync(hashFile, 'utf8') === hash && statSync(join(out, 'index.html'), { throwIfNoEntry: false })) {
    return;
  }
  const started = Date.now();
  tsc(join(web, 'tsconfig.json'));
  tsc(join(web, 'tsconfig.spec.json'));
  const { build } = await import('vite');
  await build({ configFile: join(web, 'vite.config.mts'), logLevel: 'warn' });
  precompress(join(out, 'assets'));
  writeFileSync(hashFile, hash);
  console.log(`web app built into dist/web in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
