-- Room on every page of webhook_deliveries for the claim's update to stay on its page.
--
-- A delivery row is updated twice per attempt: the claim (claimed_by, claimed_until, no indexed
-- column) and the outcome (status and next attempt, which the due index covers). The claim can be
-- a HOT update, with no new index entries, only if its page has room for the new version; at a
-- fill factor of 70 about a third of the claims found none under load and wrote an entry in each
-- of the three indexes instead. Pages filled to half leave room for the claims of a whole page.
ALTER TABLE webhook_deliveries SET (fillfactor = 50);
