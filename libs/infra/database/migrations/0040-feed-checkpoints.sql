-- One checkpoint table for everything that follows the feed and does something outside the
-- database (the Kafka relay, webhook fan-out, email): libs/infra/feed. The relay's rows move
-- here under the same names, so a running relay resumes exactly where it was.
CREATE TABLE IF NOT EXISTS feed_checkpoints (
  name text PRIMARY KEY,
  position text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO feed_checkpoints (name, position, updated_at)
SELECT relay_name, position, updated_at FROM relay_checkpoints
ON CONFLICT (name) DO NOTHING;

DROP TABLE relay_checkpoints;
