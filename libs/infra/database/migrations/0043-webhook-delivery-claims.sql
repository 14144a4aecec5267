-- Webhook deliveries for several dispatchers, and cheaper to claim and settle.
--
-- A pending delivery is claimed by the dispatcher that sends it, so that two workers on one
-- database never send it both: a dispatcher claims due rows with FOR UPDATE SKIP LOCKED and
-- stamps its id and a lease; the others pass over a row until its lease runs out. Recording the
-- attempt clears the claim. A worker that dies holding a claim leaves it to run out.
--
-- The body is kept once per event instead of once per endpoint, so that a delivery row is
-- narrow: a claim (which changes no indexed column) is then a HOT update within its page, for
-- which the fill factor leaves room. The listing order and the once-per-endpoint guard share one
-- index on the feed position, which identifies the event as well as its id does.
CREATE TABLE webhook_payloads (
  event_id text PRIMARY KEY,
  payload  text NOT NULL   -- the JSON body, fixed once so every attempt to every endpoint sends the same bytes
);
INSERT INTO webhook_payloads (event_id, payload)
  SELECT DISTINCT ON (event_id) event_id, payload FROM webhook_deliveries ORDER BY event_id;

ALTER TABLE webhook_deliveries
  DROP COLUMN payload,
  ADD COLUMN claimed_by    uuid,          -- the dispatcher sending it now, or null
  ADD COLUMN claimed_until timestamptz;   -- the lease, on the database's clock shared by every worker
ALTER TABLE webhook_deliveries SET (fillfactor = 70);

ALTER TABLE webhook_deliveries DROP CONSTRAINT webhook_deliveries_endpoint_id_event_id_key;
DROP INDEX webhook_deliveries_log;
CREATE UNIQUE INDEX webhook_deliveries_by_position ON webhook_deliveries (endpoint_id, event_position COLLATE "C");
