-- Verify runs started from the console (POST /v1/admin/verify-runs): each run's progress and
-- findings, kept so that any api instance can answer for a run another one started. A run whose
-- heartbeat stopped (its process ended mid-run) reads as interrupted.
CREATE TABLE verify_runs (
  run_id        text PRIMARY KEY,
  requested_by  text NOT NULL,
  started_at    timestamptz NOT NULL,
  finished_at   timestamptz,
  heartbeat_at  timestamptz NOT NULL,
  status        text NOT NULL,            -- running | passed | failed | error
  phase         text,
  events_done   bigint NOT NULL DEFAULT 0,
  events_total  bigint,
  events        bigint,
  streams       integer,
  read_models   integer,
  findings      jsonb NOT NULL DEFAULT '[]',
  error         text
);

CREATE INDEX verify_runs_started ON verify_runs (started_at DESC);
