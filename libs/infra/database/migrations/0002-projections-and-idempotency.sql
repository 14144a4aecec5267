-- Where each read model stands in the global feed. A projection's writes and its checkpoint
-- commit in one transaction, so effects are exactly-once though delivery is at-least-once.
CREATE TABLE projection_checkpoints (
  name       text PRIMARY KEY,
  version    integer NOT NULL,
  position   text,                       -- opaque feed position; NULL before the first event
  status     text NOT NULL DEFAULT 'running',
  error      text,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The HTTP answer of each command sent with an Idempotency-Key, kept at least 24 h, so that a
-- repeat gets the first answer byte for byte. The events themselves also carry the key (see
-- handle-command.ts), which makes the effect exactly-once even if this row was never written.
CREATE TABLE idempotency_keys (
  principal    text NOT NULL,
  key          text NOT NULL,
  request_hash text NOT NULL,
  status_code  integer NOT NULL,
  body         jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (principal, key)
);
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
