/** The counts test:servers reads from Node's test runner, taken from the runner's real output. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { describeOutcome, parseSummary, runPassed } from './suite-summary';

const dir = mkdtempSync(join(tmpdir(), 'suite-summary-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a small spec file through `node --test` with the spec reporter, as run-tests does. */
function realOutput(name: string, body: string): string {
  const file = join(dir, `${name}.test.js`);
  writeFileSync(file, `const { test } = require('node:test');\n${body}\n`);
  const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', file], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', FORCE_COLOR: '1' } });
  return result.stdout;
}

describe('the summary of a real run', () => {
  test('passes, failures and skips are counted as the runner printed them', () => {
    const output = realOutput('mixed', [
      "test('one', () => {});",
      "test('two', () => {});",
      "test('three', () => { throw new Error('no'); });",
      "test('four', { skip: 'server not set' }, () => {});",
    ].join('\n'));
    assert.deepEqual(parseSummary(output), { tests: 4, pass: 2, fail: 1, cancelled: 0, skipped: 1, todo: 0 });
  });

  test('a run whose only test skipped is not a pass, even with exit code 0', () => {
    const counts = parseSummary(realOutput('skipped', "test('contract', { skip: 'KURRENTDB_URL is not set' }, () => {});"));
    assert.deepEqual(counts, { tests: 1, pass: 0, fail: 0, cancelled: 0, skipped: 1, todo: 0 });
    const outcome = { exitCode: 0, counts };
    assert.equal(runPassed(outcome), false);
    assert.equal(describeOutcome(outcome), '0 passed, 0 failed, 1 skipped, (a skip is not a pass), (no test ran)');
  });

  test('a clean run passes', () => {
    const counts = parseSummary(realOutput('clean', "test('a', () => {}); test('b', () => {});"));
    assert.equal(runPassed({ exitCode: 0, counts }), true);
    assert.equal(describeOutcome({ exitCode: 0, counts }), '2 passed, 0 failed, 0 skipped');
  });
});

test('output without a summary has no counts, and that run failed', () => {
  assert.equal(parseSummary('Error: no spec files match nothing\n'), undefined);
  assert.equal(runPassed({ exitCode: 1, counts: undefined }), false);
  assert.equal(runPassed({ exitCode: 1, counts: { tests: 1, pass: 1, fail: 0, cancelled: 0, skipped: 0, todo: 0 } }), false);
});
