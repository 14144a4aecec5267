-- The event store (shared/spec/event-store.md). Events are immutable rows; the `streams` row of
-- each stream is the compare-and-set target for optimistic concurrency.

CREATE TABLE streams (
  stream_id  text PRIMARY KEY,
  revision   bigint NOT NULL,            -- revision of the stream's last event, 0-based
  last_xid   xid8   NOT NULL,            -- transaction that appended last (see ledger_append)
  last_hash  text   NOT NULL             -- hash of the stream's last event: the chain's tip
);

CREATE TABLE events (
  global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
  stream_id       text        NOT NULL,
  stream_revision bigint      NOT NULL,
  event_id        uuid        NOT NULL,
  event_type      text        NOT NULL,
  data            jsonb       NOT NULL,
  metadata        jsonb       NOT NULL,
  prev_hash       text        NOT NULL,
  hash            text        NOT NULL,
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT events_stream_revision_unique UNIQUE (stream_id, stream_revision),
  CONSTRAINT events_event_id_unique UNIQUE (event_id)
);

-- The global feed is read and checkpointed on (transaction_id, global_position), and only below
-- the oldest running transaction: a reader never sees a later-committed event slip in before its
-- checkpoint, without any gap-skipping heuristic.
CREATE INDEX events_feed_order ON events (transaction_id, global_position);

CREATE FUNCTION events_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'events are immutable: % on events is not allowed', TG_OP
    USING ERRCODE = 'restrict_violation';
END $$;

CREATE TRIGGER events_no_update_or_delete BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION events_are_immutable();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION events_are_immutable();

-- A retried append whose events already stand in the stream, in the same places, is a no-op
-- that answers like the first. The same ids anywhere else are a caller bug.
CREATE FUNCTION ledger_find_duplicate(p_stream_id text, p_event_ids uuid[])
RETURNS TABLE (status text, last_revision bigint, last_xid xid8, last_position bigint)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_stream  text;
  v_first   bigint;
  v_matches integer;
BEGIN
  SELECT e.stream_id, e.stream_revision INTO v_stream, v_first FROM events e WHERE e.event_id = p_event_ids[1];
  IF NOT FOUND THEN RETURN; END IF;
  SELECT count(*) INTO v_matches
    FROM unnest(p_event_ids) WITH ORDINALITY AS ids(id, ord)
    JOIN events e ON e.event_id = ids.id AND e.stream_id = p_stream_id AND e.stream_revision = v_first + ids.ord - 1;
  IF v_stream <> p_stream_id OR v_matches <> cardinality(p_event_ids) THEN
    RAISE EXCEPTION 'event id % is already stored elsewhere', p_event_ids[1]
      USING ERRCODE = 'unique_violation', CONSTRAINT = 'events_event_id_unique';
  END IF;
  RETURN QUERY SELECT 'duplicate'::text, e.stream_revision, e.transaction_id, e.global_position
    FROM events e WHERE e.event_id = p_event_ids[cardinality(p_event_ids)];
END $$;

-- One round trip per append. Returns a status instead of raising for a revision mismatch so
-- that callers can batch appends; raises 40001 for the interleaving pitfall so that the caller
-- retries in a new transaction.
--   p_mode: 'exact' (p_expected holds the revision), 'no_stream', 'any', 'exists'
--   status: 'appended' | 'duplicate' (the same event ids already stand there: a no-op)
--           | 'wrong_revision' (last_revision holds the actual revision, -1 for no stream)
CREATE FUNCTION ledger_append(
  p_stream_id text, p_mode text, p_expected bigint,
  p_event_ids uuid[], p_types text[], p_data jsonb[], p_metadata jsonb[], p_content_hashes text[]
) RETURNS TABLE (status text, last_revision bigint, last_xid xid8, last_position bigint)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_xid      xid8 := pg_current_xact_id();
  v_count    integer := cardinality(p_event_ids);
  v_current  bigint;
  v_tip_xid  xid8;
  v_hash     text;
  v_prev     text;
  v_revision bigint;
  v_position bigint;
BEGIN
  IF v_count IS NULL OR v_count = 0 THEN
    RAISE EXCEPTION 'ledger_append needs at least one event' USING ERRCODE = 'invalid_parameter_value';
  END IF;

  RETURN QUERY SELECT * FROM ledger_find_duplicate(p_stream_id, p_event_ids);
  IF FOUND THEN RETURN; END IF;

  SELECT s.revision, s.last_xid, s.last_hash INTO v_current, v_tip_xid, v_hash
    FROM streams s WHERE s.stream_id = p_stream_id FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO streams (stream_id, revision, last_xid, last_hash)
      VALUES (p_stream_id, -1, v_xid, repeat('0', 64)) ON CONFLICT (stream_id) DO NOTHING;
    SELECT s.revision, s.last_xid, s.last_hash INTO v_current, v_tip_xid, v_hash
      FROM streams s WHERE s.stream_id = p_stream_id FOR UPDATE;
  END IF;

  IF (p_mode = 'exact' AND v_current <> p_expected)
     OR (p_mode = 'no_stream' AND v_current <> -1)
     OR (p_mode = 'exists' AND v_current = -1) THEN
    -- The winner of a race between two identical appends has committed by now.
    RETURN QUERY SELECT * FROM ledger_find_duplicate(p_stream_id, p_event_ids);
    IF FOUND THEN RETURN; END IF;
    RETURN QUERY SELECT 'wrong_revision'::text, v_current, NULL::xid8, NULL::bigint;
    RETURN;
  END IF;

  -- The pitfall of xid ordering: a transaction that took its xid before the stream's last
  -- writer would be ordered before that writer's events in the global feed.
  IF v_tip_xid > v_xid THEN
    RAISE EXCEPTION 'stream % was appended by a newer transaction; retry', p_stream_id
      USING ERRCODE = 'serialization_failure';
  END IF;

  FOR i IN 1 .. v_count LOOP
    v_revision := v_current + i;
    v_prev := v_hash;
    v_hash := encode(sha256(convert_to(v_prev || '|' || p_stream_id || '|' || v_revision::text || '|' || p_content_hashes[i], 'UTF8')), 'hex');
    INSERT INTO events (stream_id, stream_revision, event_id, event_type, data, metadata, prev_hash, hash, transaction_id)
      VALUES (p_stream_id, v_revision, p_event_ids[i], p_types[i], p_data[i], p_metadata[i],
              v_prev, v_hash, v_xid)
      RETURNING global_position INTO v_position;
  END LOOP;

  UPDATE streams SET revision = v_revision, last_xid = v_xid, last_hash = v_hash WHERE stream_id = p_stream_id;
  RETURN QUERY SELECT 'appended'::text, v_revision, v_xid, v_position;
END $$;
