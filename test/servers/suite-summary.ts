/**
 * Reads the closing counts that Node's test runner prints (`ℹ pass 12`, `ℹ skipped 0` …) and
 * judges a run. A run passes only when tests ran, none failed, and none was skipped: a suite
 * that skipped because its server was missing has proved nothing.
 */
export interface SuiteCounts {
  readonly tests: number;
  readonly pass: number;
  readonly fail: number;
  readonly cancelled: number;
  readonly skipped: number;
  readonly todo: number;
}

export interface SuiteOutcome {
  readonly exitCode: number;
  /** Undefined when the runner printed no summary (it crashed, or never started). */
  readonly counts: SuiteCounts | undefined;
}

const COUNT_NAMES = ['tests', 'pass', 'fail', 'cancelled', 'skipped', 'todo'] as const;

// The spec reporter colours its output only on a terminal; the codes are dropped either way.
const ANSI = /\u001b\[[0-9;]*m/g;

/** The last summary in the output: run-tests prints one, after every suite's own lines. */
export function parseSummary(output: string): SuiteCounts | undefined {
  const found: Partial<Record<(typeof COUNT_NAMES)[number], number>> = {};
  for (const line of output.replace(ANSI, '').split('\n')) {
    const match = /^\s*ℹ (tests|pass|fail|cancelled|skipped|todo) (\d+)\s*$/.exec(line);
    if (match) found[match[1] as (typeof COUNT_NAMES)[number]] = Number(match[2]);
  }
  if (COUNT_NAMES.some((name) => found[name] === undefined)) return undefined;
  return found as SuiteCounts;
}

export function runPassed(outcome: SuiteOutcome): boolean {
  const c = outcome.counts;
  return outcome.exitCode === 0 && c !== undefined && c.pass > 0 && c.fail === 0 && c.cancelled === 0 && c.skipped === 0 && c.todo === 0;
}

export function describeOutcome(outcome: SuiteOutcome): string {
  const c = outcome.counts;
  if (!c) return `no test summary (exit code ${outcome.exitCode})`;
  const parts = [`${c.pass} passed`, `${c.fail} failed`, `${c.skipped} skipped`];
  if (c.cancelled > 0) parts.push(`${c.cancelled} cancelled`);
  if (c.todo > 0) parts.push(`${c.todo} todo`);
  if (c.skipped > 0) parts.push('(a skip is not a pass)');
  if (c.pass === 0 && c.fail === 0) parts.push('(no test ran)');
  return parts.join(', ');
}
