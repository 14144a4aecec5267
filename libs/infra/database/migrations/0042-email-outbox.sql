-- Emails the notification service sent or gave up on (api.md, "Email"; GET /v1/admin/outbox).
-- One row per message, keyed by its Message-ID, which derives from the event id: a batch sent
-- again after a crash finds the row and does not mail the vendor twice.
CREATE TABLE email_outbox (
  seq        bigserial UNIQUE,
  message_id text PRIMARY KEY,
  event_id   text NOT NULL,
  kind       text NOT NULL,
  account_id text NOT NULL,
  recipient  text NOT NULL,
  subject    text NOT NULL,
  sent_at    timestamptz,
  failed_at  timestamptz,
  error      text,
  CHECK ((sent_at IS NULL) <> (failed_at IS NULL))
);
