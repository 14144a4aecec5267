import { existsSync, readdirSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';

/**
 * What `npm test -- <args>` selects, read the way a jest user expects: each argument is a spec
 * file (its source path `test/kafka/relay.spec.ts`, or the compiled one under dist/) or a pattern
 * matched against the source paths (a substring or a regular expression, as jest's
 * testPathPattern); `-t <pattern>` (`--testNamePattern`) runs only the tests whose names match.
 * No argument selects every spec file.
 */
export interface Selection {
  /** Compiled spec files, each with the source path it was compiled from. */
  readonly files: readonly SpecFile[];
  /** Options for Node's test runner (the test name pattern). */
  readonly runnerArgs: readonly string[];
}

export interface SpecFile {
  readonly compiled: string;
  readonly source: string;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function selectSpecs(distRoot: string, projectRoot: string, argv: readonly string[]): Selection {
  const patterns: string[] = [];
  const runnerArgs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const name = /^(?:-t|--testNamePattern|--test-name-pattern)(?:=(.*))?$/.exec(arg);
    if (name) {
      const value = name[1] ?? argv[++i];
      if (!value) throw new UsageError(`${arg} needs a test name pattern`);
      runnerArgs.push(`--test-name-pattern=${value}`);
    } else if (arg === '--') {
      continue;
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown option ${arg}: give spec files or path patterns, and -t <test name pattern>`);
    } else {
      patterns.push(normalise(arg, projectRoot));
    }
  }
  // A compiled spec whose source was deleted is left over in dist/, not a suite.
  const all = specFiles(distRoot)
    .map((compiled) => ({ compiled, source: relative(distRoot, compiled).split(sep).join('/').replace(/\.js$/, '.ts') }))
    .filter((file) => existsSync(join(projectRoot, file.source)));
  const files = patterns.length === 0 ? all : all.filter((file) => patterns.some((pattern) => matches(file.source, pattern)));
  if (files.length === 0) throw new UsageError(`no spec file matches ${patterns.join(' ')} (patterns match paths such as test/kafka/relay.spec.ts)`);
  return { files, runnerArgs };
}

/** A path given from the project root, as an absolute path, or as the compiled file becomes a source path. */
function normalise(arg: string, projectRoot: string): string {
  let path = isAbsolute(arg) ? relative(projectRoot, arg) : arg;
  path = path.split(sep).join('/').replace(/^\.\//, '');
  if (path.startsWith('dist/')) path = path.slice('dist/'.length).replace(/\.js$/, '.ts');
  return path;
}

function matches(source: string, pattern: string): boolean {
  if (source.includes(pattern)) return true;
  try {
    return new RegExp(pattern).test(source);
  } catch {
    return false;
  }
}

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
