-- Group commit without a function call per append (libs/event-store/postgres/append-batcher.ts).
-- A batch used to call ledger_append once per member: four or five statements each (the
-- duplicate look-up, the stream lock, one insert per event, the stream update), and at 32 writers
-- that executor work was most of PostgreSQL's CPU per event. ledger_append_batch does the common
-- case (every stream once, no event id stored yet, every expected revision right) with one
-- statement per step for the whole batch, and hands anything else to ledger_append_each, which is
-- the per-member statement of before, so the answers outside the common case do not change.

-- The old batch statement: each member is its own ledger_append call, in the order given.
CREATE FUNCTION ledger_append_each(
  p_stream_ids text[], p_modes text[], p_expected bigint[], p_firsts integer[], p_lasts integer[],
  p_event_ids uuid[], p_types text[], p_data jsonb[], p_metadata jsonb[], p_content_hashes text[]
) RETURNS TABLE (ord bigint, status text, last_revision bigint, last_xid xid8, last_position bigint)
LANGUAGE sql AS $$
  SELECT a.ord, r.status, r.last_revision, r.last_xid, r.last_position
    FROM unnest(p_stream_ids, p_modes, p_expected, p_firsts, p_lasts) WITH ORDINALITY AS a(stream_id, mode, expected, first, last, ord)
   CROSS JOIN LATERAL ledger_append(a.stream_id, a.mode, a.expected,
         p_event_ids[a.first:a.last], p_types[a.first:a.last], p_data[a.first:a.last],
         p_metadata[a.first:a.last], p_content_hashes[a.first:a.last]) AS r
   ORDER BY a.ord
$$;

-- The items of a JSON array as a PostgreSQL array, in order (NULL for no array).
CREATE FUNCTION ledger_jsonb_items(p_items jsonb) RETURNS jsonb[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT array_agg(t.item ORDER BY t.n) FROM jsonb_array_elements(p_items) WITH ORDINALITY AS t(item, n)
$$;

-- Members are (stream, mode, expected, first, last): the member's events are
-- p_event_ids[first..last] and so on; p_data and p_metadata are JSON arrays of all the batch's
-- events (0-based, so event k is p_data -> (k - 1)): one JSON text each instead of an array literal
-- that quotes and escapes every document again. Answers one row per member, in member order, with
-- the statuses of ledger_append.
CREATE FUNCTION ledger_append_batch(
  p_stream_ids text[], p_modes text[], p_expected bigint[], p_firsts integer[], p_lasts integer[],
  p_event_ids uuid[], p_types text[], p_data jsonb, p_metadata jsonb, p_content_hashes text[]
) RETURNS TABLE (ord bigint, status text, last_revision bigint, last_xid xid8, last_position bigint)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_xid       xid8 := pg_current_xact_id();
  v_members   integer := cardinality(p_stream_ids);
  v_current   bigint[];
  v_tips      text[];
  v_tip_xids  xid8[];
  v_streams   bigint;
  v_prev      text[];
  v_hashes    text[];
  v_revisions bigint[];
  v_revision  bigint;
  v_hash      text;
BEGIN
  -- A stored event id means a retry (a no-op) or a caller bug: ledger_append tells which. Before
  -- any write, so that path starts from the same state as it always did.
  IF v_members IS NULL OR v_members = 0 OR EXISTS (SELECT 1 FROM events e WHERE e.event_id = ANY (p_event_ids)) THEN
    RETURN QUERY SELECT * FROM ledger_append_each(p_stream_ids, p_modes, p_expected, p_firsts, p_lasts, p_event_ids, p_types, ledger_jsonb_items(p_data), ledger_jsonb_items(p_metadata), p_content_hashes);
    RETURN;
  END IF;

  -- Missing streams get their row first (as ledger_append does), then every row is locked in
  -- stream order: batches that share streams queue behind each other instead of deadlocking. Only
  -- an append that may start a stream needs the insert; any other member whose stream is missing
  -- has the wrong revision and goes down the per-member path below, which creates the row as before.
  IF 'no_stream' = ANY (p_modes) OR 'any' = ANY (p_modes) OR -1 = ANY (p_expected) THEN
    INSERT INTO streams (stream_id, revision, last_xid, last_hash)
      SELECT DISTINCT m.stream_id, -1::bigint, v_xid, repeat('0', 64) FROM unnest(p_stream_ids) AS m(stream_id)
       WHERE NOT EXISTS (SELECT 1 FROM streams s WHERE s.stream_id = m.stream_id)
       ORDER BY 1
      ON CONFLICT (stream_id) DO NOTHING;
  END IF;
  SELECT array_agg(l.revision ORDER BY m.ord), array_agg(l.last_hash ORDER BY m.ord), array_agg(l.last_xid ORDER BY m.ord), count(DISTINCT m.stream_id)
    INTO v_current, v_tips, v_tip_xids, v_streams
    FROM unnest(p_stream_ids) WITH ORDINALITY AS m(stream_id, ord)
    LEFT JOIN (SELECT s.stream_id, s.revision, s.last_hash, s.last_xid FROM streams s
                WHERE s.stream_id = ANY (p_stream_ids) ORDER BY s.stream_id FOR UPDATE) l ON l.stream_id = m.stream_id;
  -- Two appends to one stream need the second to see the first: the per-member path.
  IF v_streams <> v_members THEN
    RETURN QUERY SELECT * FROM ledger_append_each(p_stream_ids, p_modes, p_expected, p_firsts, p_lasts, p_event_ids, p_types, ledger_jsonb_items(p_data), ledger_jsonb_items(p_metadata), p_content_hashes);
    RETURN;
  END IF;

  v_prev := array_fill(NULL::text, ARRAY[cardinality(p_event_ids)]);
  v_hashes := v_prev;
  v_revisions := array_fill(NULL::bigint, ARRAY[cardinality(p_event_ids)]);
  FOR m IN 1 .. v_members LOOP
    v_revision := v_current[m];
    -- A wrong expected revision (or anything odd) sends the whole batch down the per-member path,
    -- which answers wrong_revision, or duplicate for a racing identical append, as before.
    IF v_revision IS NULL OR p_firsts[m] IS NULL OR p_lasts[m] IS NULL OR p_firsts[m] > p_lasts[m]
       OR p_modes[m] IS NULL OR p_modes[m] NOT IN ('exact', 'no_stream', 'any', 'exists')
       OR (p_modes[m] = 'exact' AND v_revision IS DISTINCT FROM p_expected[m])
       OR (p_modes[m] = 'no_stream' AND v_revision <> -1)
       OR (p_modes[m] = 'exists' AND v_revision = -1) THEN
      RETURN QUERY SELECT * FROM ledger_append_each(p_stream_ids, p_modes, p_expected, p_firsts, p_lasts, p_event_ids, p_types, ledger_jsonb_items(p_data), ledger_jsonb_items(p_metadata), p_content_hashes);
      RETURN;
    END IF;
    -- The interleaving guard of ledger_append (event-store.md, the pitfall of xid ordering).
    IF v_tip_xids[m] > v_xid THEN
      RAISE EXCEPTION 'stream % was appended by a newer transaction; retry', p_stream_ids[m]
        USING ERRCODE = 'serialization_failure';
    END IF;
    -- The chain link, computed exactly as in ledger_append.
    v_hash := v_tips[m];
    FOR e IN p_firsts[m] .. p_lasts[m] LOOP
      v_revision := v_revision + 1;
      v_prev[e] := v_hash;
      v_hash := encode(sha256(convert_to(v_hash || '|' || p_stream_ids[m] || '|' || v_revision::text || '|' || p_content_hashes[e], 'UTF8')), 'hex');
      v_hashes[e] := v_hash;
      v_revisions[e] := v_revision;
    END LOOP;
  END LOOP;

  -- Every member's events in one insert, in member order and then revision order, so that global
  -- positions follow revisions within each stream; every stream row moved in one update.
  RETURN QUERY
  WITH members AS (
    SELECT m.stream_id, m.first, m.last, m.ord
      FROM unnest(p_stream_ids, p_firsts, p_lasts) WITH ORDINALITY AS m(stream_id, first, last, ord)
  ), inserted AS (
    INSERT INTO events (stream_id, stream_revision, event_id, event_type, data, metadata, prev_hash, hash, transaction_id)
    SELECT m.stream_id, v_revisions[k], p_event_ids[k], p_types[k], p_data -> (k - 1), p_metadata -> (k - 1), v_prev[k], v_hashes[k], v_xid
      FROM members m CROSS JOIN LATERAL generate_series(m.first, m.last) AS k
     ORDER BY m.ord, k
    RETURNING events.stream_id, events.stream_revision, events.global_position
  ), moved AS (
    UPDATE streams s SET revision = v_revisions[m.last], last_xid = v_xid, last_hash = v_hashes[m.last]
      FROM members m WHERE s.stream_id = m.stream_id
    RETURNING s.stream_id
  )
  SELECT m.ord, 'appended'::text, v_revisions[m.last], v_xid, i.global_position
    FROM members m JOIN inserted i ON i.stream_id = m.stream_id AND i.stream_revision = v_revisions[m.last]
   ORDER BY m.ord;
END $$;

-- PL/pgSQL keeps a generic plan per statement, made with the table sizes of its first calls: one
-- made while events or streams were nearly empty scans them whole and stays that way as they grow
-- (a probe of 32 ids on a table of millions). Every statement above has an index that fits, so
-- sequential scans are priced out for this function.
ALTER FUNCTION ledger_append_batch(text[], text[], bigint[], integer[], integer[], uuid[], text[], jsonb, jsonb, text[])
  SET enable_seqscan = off;
