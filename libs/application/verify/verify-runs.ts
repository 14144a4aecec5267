import type { Logger } from 'pino';
import type { Pool } from 'pg';
import type { EventStore } from '../../event-store/event-store.port';
import type { Progress } from '../../infra/progress';
import { uuidV7 } from '../commands/uuid-v7';
import { runVerify } from './run-verify';

/**
 * Verify runs started over HTTP: a run is a row (0070-verify-runs.sql) that the process running it
 * keeps up to date (phase, events checked, then findings), so that the console can poll it from
 * any api instance. One run at a time: asking while one is under way answers that one. A run
 * whose process stopped mid-way stops beating and is read as interrupted.
 */
export type VerifyRunStatus = 'running' | 'passed' | 'failed' | 'error' | 'interrupted';

export interface VerifyRunView {
  readonly runId: string;
  readonly requestedBy: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly status: VerifyRunStatus;
  readonly phase: string | null;
  readonly eventsChecked: number;
  readonly eventsTotal: number | null;
  readonly events: number | null;
  readonly streams: number | null;
  readonly readModels: number | null;
  readonly findings: ReadonlyArray<{ readonly check: string; readonly detail: string }>;
  readonly error: string | null;
}

const HEARTBEAT_MS = 2_000;
const STALE_AFTER = '30 seconds';
const COLUMNS = `run_id, requested_by, started_at, finished_at, phase, events_done, events_total, events, streams, read_models, findings, error,
  CASE WHEN status = 'running' AND heartbeat_at < now() - interval '${STALE_AFTER}' THEN 'interrupted' ELSE status END AS status`;

interface RunRow {
  run_id: string;
  requested_by: string;
  started_at: Date;
  finished_at: Date | null;
  status: VerifyRunStatus;
  phase: string | null;
  events_done: string;
  events_total: string | null;
  events: string | null;
  streams: number | null;
  read_models: number | null;
  findings: Array<{ check: string; detail: string }>;
  error: string | null;
}

function view(row: RunRow): VerifyRunView {
  const numberOrNull = (value: string | null) => (value === null ? null : Number(value));
  return {
    runId: row.run_id, requestedBy: row.requested_by, startedAt: row.started_at.toISOString(), finishedAt: row.finished_at?.toISOString() ?? null,
    status: row.status, phase: row.phase, eventsChecked: Number(row.events_done), eventsTotal: numberOrNull(row.events_total),
    events: numberOrNull(row.events), streams: row.streams, readModels: row.read_models, findings: row.findings, error: row.error,
  };
}

export class VerifyRuns {
  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore,
    private readonly engine: string,
    private readonly logger: Logger,
  ) {}

  /** Starts a run (or answers the one under way) and returns at once; the run goes on in the background. */
  async start(requestedBy: string): Promise<VerifyRunView> {
    const running = await this.pool.query<RunRow>(`SELECT ${COLUMNS} FROM verify_runs WHERE status = 'running' AND heartbeat_at >= now() - interval '${STALE_AFTER}' ORDER BY started_at DESC LIMIT 1`);
    if (running.rows[0]) return view(running.rows[0]);
    const runId = uuidV7();
    const total = this.engine === 'postgres' ? Number((await this.pool.query<{ count: string }>('SELECT count(*) FROM events')).rows[0].count) : null;
    await this.pool.query(
      `INSERT INTO verify_runs (run_id, requested_by, started_at, heartbeat_at, status, phase, events_total) VALUES ($1, $2, now(), now(), 'running', 'hash chains', $3)`,
      [runId, requestedBy, total],
    );
    void this.run(runId);
    return (await this.find(runId)) as VerifyRunView;
  }

  async find(runId: string): Promise<VerifyRunView | undefined> {
    const { rows } = await this.pool.query<RunRow>(`SELECT ${COLUMNS} FROM verify_runs WHERE run_id = $1`, [runId]);
    return rows[0] && view(rows[0]);
  }

  async recent(limit: number): Promise<VerifyRunView[]> {
    const { rows } = await this.pool.query<RunRow>(`SELECT ${COLUMNS} FROM verify_runs ORDER BY started_at DESC LIMIT $1`, [limit]);
    return rows.map(view);
  }

  private async run(runId: string): Promise<void> {
    try {
      const outcome = await runVerify(this.pool, this.store, this.engine, { phase: (name) => this.progress(runId, name) });
      await this.pool.query(
        `UPDATE verify_runs SET status = $2, finished_at = now(), heartbeat_at = now(), phase = NULL, events = $3, streams = $4, read_models = $5, findings = $6 WHERE run_id = $1`,
        [runId, outcome.findings.length === 0 ? 'passed' : 'failed', outcome.events, outcome.streams, outcome.readModels, JSON.stringify(outcome.findings)],
      );
    } catch (error) {
      this.logger.error({ err: error, runId }, 'verify run failed');
      const message = error instanceof Error ? error.message : String(error);
      await this.pool.query(`UPDATE verify_runs SET status = 'error', finished_at = now(), heartbeat_at = now(), error = $2 WHERE run_id = $1`, [runId, message]).catch(() => undefined);
    }
  }

  /** A Progress that writes the run's phase and count at most every couple of seconds. */
  private progress(runId: string, phase: string): Progress {
    let written = 0;
    let last = 0;
    const write = (done: number) => {
      written = Date.now();
      void this.pool.query(`UPDATE verify_runs SET phase = $2, events_done = $3, heartbeat_at = now() WHERE run_id = $1 AND status = 'running'`, [runId, phase, done]).catch(() => undefined);
    };
    write(0);
    return {
      tick: (done) => {
        last = done;
        if (Date.now() - written >= HEARTBEAT_MS) write(done);
      },
      finish: () => write(last),
    };
  }
}
