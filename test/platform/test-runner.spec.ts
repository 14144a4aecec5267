// `npm test -- <file or pattern>` selects suites as a jest user expects, and a PostgreSQL 15 pass
// that cannot happen fails the run with one line instead of passing it silently.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../../libs/infra/database/project-root';
import { selectSpecs } from '../support/spec-selection';

const root = projectRoot();
const distRoot = join(root, 'dist');
const sources = (argv: string[]) => selectSpecs(distRoot, root, argv).files.map((file) => file.source);

describe('spec selection', () => {
  test('a source path, the compiled path and an absolute path each select exactly that file', () => {
    for (const arg of ['test/kafka/relay.spec.ts', './test/kafka/relay.spec.ts', 'dist/test/kafka/relay.spec.js', join(root, 'test/kafka/relay.spec.ts')]) {
      assert.deepEqual(sources([arg]), ['test/kafka/relay.spec.ts'], arg);
    }
  });

  test('a folder or a substring selects every file under it, a regular expression what it matches', () => {
    const e2e = sources(['test/e2e']);
    assert.ok(e2e.length > 5 && e2e.every((source) => source.startsWith('test/e2e/')), e2e.join());
    assert.deepEqual(sources(['relay-(main|crash)']), ['test/kafka/relay-crash.spec.ts', 'test/kafka/relay-main.spec.ts']);
    assert.deepEqual(sources(['relay-main', 'relay-crash']), ['test/kafka/relay-crash.spec.ts', 'test/kafka/relay-main.spec.ts']);
  });

  test('-t and --testNamePattern become Node test-name patterns; no argument selects everything', () => {
    assert.deepEqual(selectSpecs(distRoot, root, ['e2e', '-t', 'refund']).runnerArgs, ['--test-name-pattern=refund']);
    assert.deepEqual(selectSpecs(distRoot, root, ['--testNamePattern=refund']).runnerArgs, ['--test-name-pattern=refund']);
    assert.ok(sources([]).length > 50);
  });

  test('an unknown option or a pattern that matches nothing is refused with one line', () => {
    assert.throws(() => selectSpecs(distRoot, root, ['--watch']), /^UsageError: unknown option --watch/);
    assert.throws(() => selectSpecs(distRoot, root, ['no-such-suite']), /no spec file matches no-such-suite/);
  });
});

describe('the runner without PostgreSQL 15', () => {
  test('given TEST_PG15_URL that answers nothing, the first pass runs, the summary says the second did not, and the run fails', { timeout: 120_000 }, async () => {
    // A nested run of one e2e test, on this same Node and the outer run's PostgreSQL.
    const env: NodeJS.ProcessEnv = { ...process.env, TEST_NODE: process.execPath, TEST_PG15_URL: 'postgres://postgres:postgres@127.0.0.1:1/postgres' };
    delete env.NODE_TEST_CONTEXT;
    const run = promisify(execFile)(process.execPath, [join(distRoot, 'test/support/run-tests.js'), 'test/e2e/accounts.e2e.spec.ts', '-t', 'opens its account'], { env, timeout: 110_000 });
    const failed = await run.then(
      () => assert.fail('the run passed without its PostgreSQL 15 pass'),
      (error: { code: number; stdout: string }) => error,
    );
    assert.equal(failed.code, 1);
    assert.match(failed.stdout, /: 1 files, 1 tests, 1 passed, 0 failed: passed/);
    assert.match(failed.stdout, /PostgreSQL 15: the second pass did not happen, so this run has not passed: TEST_PG15_URL cannot be reached/);
  });
});
