-- Where each relay has published up to: the position of the last event the broker acknowledged.
-- One row per relay name; the relay writes it only after the broker acknowledged the batch.
CREATE TABLE IF NOT EXISTS relay_checkpoints (
  relay_name text PRIMARY KEY,
  position text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
