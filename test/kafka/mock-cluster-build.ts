import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { projectRoot } from '../../libs/infra/database/project-root';
import { StartupError } from '../../libs/infra/startup-error';

/**
 * Builds test/kafka/mock-cluster.c, the program that runs librdkafka's mock Kafka cluster, with
 * nothing but npm and the machine's C compiler: librdkafka is compiled from the source that the
 * node-rdkafka package carries (a devDependency whose install script stays off, so `npm ci`
 * builds nothing; only its bundled librdkafka is used, docs/decisions.md "Platform: two commands").
 * Both are built once into node_modules/.cache/kafka-mock-cluster and reused until either changes.
 */
const root = projectRoot();
const cacheDir = join(root, 'node_modules', '.cache', 'kafka-mock-cluster');
const programSource = join(root, 'test', 'kafka', 'mock-cluster.c');
// Only what the mock needs: no TLS, SASL, compression codecs or HTTP, so no system library is asked for.
const CONFIGURE_FLAGS = ['--disable-ssl', '--disable-gssapi', '--disable-sasl', '--disable-zstd', '--disable-zlib', '--disable-curl', '--disable-lz4-ext'];
const LINK_LIBS = ['-lm', '-ldl', '-lpthread', '-lrt'];
const compiler = process.env.CC ?? 'cc';

let building: Promise<string> | undefined;

/** The compiled program's path; the first call in a fresh node_modules builds it (about a minute). */
export function mockClusterBinary(say: (line: string) => void = (line) => console.log(line)): Promise<string> {
  building ??= build(say).finally(() => (building = undefined));
  return building;
}

async function build(say: (line: string) => void): Promise<string> {
  const librdkafka = bundledLibrdkafka();
  const digest = createHash('sha256').update(readFileSync(programSource)).update(librdkafka.version).update(CONFIGURE_FLAGS.join(' ')).digest('hex').slice(0, 16);
  const binary = join(cacheDir, `mock-cluster-${digest}`);
  if (existsSync(binary)) return binary;
  mkdirSync(cacheDir, { recursive: true });
  const libDir = join(cacheDir, `librdkafka-${librdkafka.version}-${digest}`);
  const logFile = join(cacheDir, 'build.log');
  if (!existsSync(join(libDir, 'librdkafka.a'))) {
    say(`Kafka tests: building librdkafka ${librdkafka.version} from node-rdkafka's bundled source for its mock cluster (once per npm ci, about a minute)`);
    writeFileSync(logFile, '');
    await buildLibrdkafka(librdkafka.source, libDir, logFile);
  }
  // Under a private name, then renamed: two builds at once never run half a file.
  const partial = `${binary}.${process.pid}.partial`;
  await run(compiler, ['-O2', '-Wall', '-o', partial, programSource, `-I${join(libDir, 'include')}`, join(libDir, 'librdkafka.a'), ...LINK_LIBS], { cwd: cacheDir, logFile, step: `compiling ${programSource}` });
  renameSync(partial, binary);
  return binary;
}

function bundledLibrdkafka(): { source: string; version: string } {
  let manifest: string;
  try {
    manifest = require.resolve('node-rdkafka/package.json');
  } catch {
    throw new StartupError('Kafka tests: node-rdkafka (a devDependency, for its librdkafka source) is not installed: run npm ci');
  }
  const version = (JSON.parse(readFileSync(manifest, 'utf8')) as { librdkafka?: string }).librdkafka ?? 'unknown';
  return { source: join(dirname(manifest), 'deps', 'librdkafka'), version };
}

/** Configures and compiles the static library in a scratch copy, then keeps only the library and the two headers. */
async function buildLibrdkafka(source: string, libDir: string, logFile: string): Promise<void> {
  const work = mkdtempSync(join(cacheDir, 'build-'));
  try {
    const tree = join(work, 'librdkafka');
    cpSync(source, tree, { recursive: true });
    await run('./configure', [`--prefix=${join(work, 'prefix')}`, ...CONFIGURE_FLAGS], { cwd: tree, logFile, step: 'configuring librdkafka', env: { CC: compiler } });
    await run('make', [`-j${availableParallelism()}`, '-C', 'src', 'librdkafka.a'], { cwd: tree, logFile, step: 'compiling librdkafka' });
    const partial = `${libDir}.${process.pid}.partial`;
    mkdirSync(join(partial, 'include', 'librdkafka'), { recursive: true });
    cpSync(join(tree, 'src', 'librdkafka.a'), join(partial, 'librdkafka.a'));
    for (const header of ['rdkafka.h', 'rdkafka_mock.h']) cpSync(join(tree, 'src', header), join(partial, 'include', 'librdkafka', header));
    rmSync(libDir, { recursive: true, force: true });
    renameSync(partial, libDir);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

interface RunOptions {
  readonly cwd: string;
  readonly logFile: string;
  readonly step: string;
  readonly env?: Record<string, string>;
}

/** Runs one build step with its output in the log; a failure is one line naming the step, the cause and the log. */
function run(command: string, args: string[], options: RunOptions): Promise<void> {
  appendFileSync(options.logFile, `\n$ ${command} ${args.join(' ')}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const take = (chunk: Buffer): void => {
      appendFileSync(options.logFile, chunk);
      tail = (tail + chunk.toString()).slice(-2_000);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    const fail = (cause: string): void =>
      reject(new StartupError(`Kafka tests: ${options.step} failed (${cause}); they need a C compiler and make (Debian: apt-get install -y gcc make); full log: ${options.logFile}`));
    child.once('error', (error: NodeJS.ErrnoException) => fail(error.code === 'ENOENT' ? `${command} not found` : error.message));
    child.once('exit', (code) => {
      if (code === 0) resolve();
      else fail(lastTellingLine(tail) ?? `exit code ${code}`);
    });
  });
}

function lastTellingLine(output: string): string | undefined {
  const lines = output.replace(/\x1b\[[0-9;]*m/g, '').split('\n').map((line) => line.trim()).filter(Boolean);
  return [...lines].reverse().find((line) => /error|failed|not found/i.test(line)) ?? lines.at(-1);
}
