// The committed OpenAPI document passes Redocly's recommended rules with no error and no warning,
// so that /docs and any generated client get every path parameter, response body, error answer
// and header. A copy with one path parameter taken away fails, which shows the check bites.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { contractDir } from '../../apps/api/openapi-contract';
import { projectRoot } from '../../libs/infra/database/project-root';

interface LintReport {
  readonly totals: { readonly errors: number; readonly warnings: number };
  readonly problems: ReadonlyArray<{ readonly ruleId: string; readonly message: string; readonly severity: string }>;
}

/** `redocly lint --extends recommended`, as a person would run it (no telemetry, no update check). */
async function lint(file: string): Promise<LintReport> {
  const cli = join(projectRoot(), 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
  const run = promisify(execFile)(process.execPath, [cli, 'lint', file, '--extends', 'recommended', '--format', 'json'], {
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
    maxBuffer: 16 * 1024 * 1024,
  });
  // A finding makes the command exit non-zero; its report is on stdout all the same.
  const { stdout } = await run.catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  return JSON.parse(stdout) as LintReport;
}

const summary = (report: LintReport) => report.problems.map((problem) => `${problem.severity} ${problem.ruleId}: ${problem.message}`);

test('libs/contract/openapi.json has no error and no warning under the recommended rules', async () => {
  const report = await lint(join(contractDir, 'openapi.json'));
  assert.deepEqual(summary(report), []);
  assert.deepEqual(report.totals, { ...report.totals, errors: 0, warnings: 0 });
});

test('a document whose operation forgets its path parameter fails the check', async () => {
  const document = JSON.parse(readFileSync(join(contractDir, 'openapi.json'), 'utf8'));
  const operation = document.paths['/v1/accounts/{id}'].get;
  operation.parameters = operation.parameters.filter((parameter: { in?: string }) => parameter.in !== 'path');
  const dir = mkdtempSync(join(tmpdir(), 'openapi-lint-'));
  try {
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(document));
    const report = await lint(join(dir, 'openapi.json'));
    assert.ok(report.totals.errors >= 1, 'the broken copy has an error');
    assert.ok(report.problems.some((problem) => problem.ruleId === 'path-parameters-defined'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
