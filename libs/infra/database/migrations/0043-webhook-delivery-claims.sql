-- A pending webhook delivery is claimed by the dispatcher that sends it, so that two workers on
-- one database never send the same delivery at once. A dispatcher claims due deliveries with
-- FOR UPDATE SKIP LOCKED and stamps its id and a lease; the others pass over a delivery whose
-- lease has not run out. Recording the attempt clears the claim. A worker that dies holding a
-- claim leaves it to run out, and the delivery is sent again by whoever looks next.
ALTER TABLE webhook_deliveries
  ADD COLUMN claimed_by    uuid,          -- the dispatcher sending it now, or null
  ADD COLUMN claimed_until timestamptz;   -- the lease, on the database's clock shared by every worker
