-- Outgoing webhooks (api.md, "Outgoing webhooks"): endpoints registered by admins and one
-- delivery per matching event and endpoint. Both are operational state beside the ledger, not
-- ledger facts: nothing here is an event, and a replay of the ledger never touches them.

CREATE TABLE webhook_endpoints (
  id             uuid PRIMARY KEY,
  url            text NOT NULL,
  event_types    text[] NOT NULL,            -- {'*'} or a list of event types
  description    text,
  status         text NOT NULL CHECK (status IN ('enabled', 'disabled')),
  -- The signing secret, `whsec_` + base64. Kept in clear because every delivery signs with it;
  -- it is shown once, in the answer to the registration, and never logged.
  secret         text NOT NULL,
  -- The endpoint's own checkpoint: the feed position up to which its deliveries are recorded.
  -- Set to the feed's head when it is created, so it receives events from that moment on.
  position       text NOT NULL DEFAULT '',
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL
);

CREATE TABLE webhook_deliveries (
  id              uuid PRIMARY KEY,
  endpoint_id     uuid NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  event_id        text NOT NULL,
  event_type      text NOT NULL,
  event_position  text NOT NULL,
  payload         text NOT NULL,             -- the JSON body, fixed once so every attempt sends the same bytes
  status          text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  attempt         integer NOT NULL DEFAULT 0, -- attempts made so far
  next_attempt_at timestamptz,               -- null once succeeded or failed
  last_attempt_at timestamptz,
  response_status integer,
  duration_ms     integer,
  error           text,
  created_at      timestamptz NOT NULL,
  UNIQUE (endpoint_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (endpoint_id, next_attempt_at, event_position) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (endpoint_id, created_at DESC, id DESC);

-- Every attempt, as it happened: the delivery row shows the latest one.
CREATE TABLE webhook_attempts (
  delivery_id     uuid NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  attempt         integer NOT NULL,
  attempted_at    timestamptz NOT NULL,
  succeeded       boolean NOT NULL,
  response_status integer,
  duration_ms     integer NOT NULL,
  error           text,
  PRIMARY KEY (delivery_id, attempt)
);
