-- Payments around the ledger: what Stripe told us and what we could not place yet. The money
-- itself lives only in the account streams; these tables are bookkeeping for idempotency and
-- for finance's follow-up.

-- Every verified Stripe event the ledger has taken a decision on, keyed by Stripe's event id: a
-- redelivery finds its row and changes nothing.
CREATE TABLE stripe_events (
  event_id     text PRIMARY KEY,
  event_type   text NOT NULL,
  outcome      text NOT NULL,            -- applied | already_recorded | unmatched | no_effect
  received_at  timestamptz NOT NULL,
  decided_at   timestamptz NOT NULL DEFAULT now()
);

-- Verified events that matched nothing yet (unknown invoice or payment, or ahead of their
-- counterpart). Never deleted: resolved_at is set when a retry applies them.
CREATE TABLE stripe_unmatched (
  event_id      text PRIMARY KEY REFERENCES stripe_events (event_id),
  event_type    text NOT NULL,
  reason        text NOT NULL,
  intention     jsonb NOT NULL,
  attempt       integer,                 -- the collector's attempt from the PaymentIntent metadata
  received_at   timestamptz NOT NULL,
  attempts      integer NOT NULL DEFAULT 1,
  last_tried_at timestamptz NOT NULL DEFAULT now(),
  resolved_at   timestamptz,
  resolution    text
);
CREATE INDEX stripe_unmatched_open ON stripe_unmatched (received_at) WHERE resolved_at IS NULL;
