-- A row's history whose newest change alone was larger than the answer's cap came back as "changes": [] with
-- "truncated": true: honest, but it did not even say that the row had changed, or how. That change is now shown
-- without its values, marked "values_left_out": true; the changes that fit are shown as before.

CREATE OR REPLACE FUNCTION fluxbase_gate.row_history(gate_key text, history_table text, history_key text, key_values text[],
        max_bytes bigint)
    RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    reader_role text;
    history_rel regclass := to_regclass(history_table);
    whole_row   boolean;
    named       jsonb := CASE WHEN cardinality(key_values) > 0 THEN to_jsonb(key_values) END;
    history     text;
BEGIN
    PERFORM fluxbase.gate_check(gate_key);
    SELECT key_role INTO reader_role FROM fluxbase.caller_logins WHERE login = session_user;
    IF reader_role IS NULL OR history_rel IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT bool_and(has_column_privilege(reader_role, history_rel, attnum, 'SELECT')) INTO whole_row
    FROM pg_attribute WHERE attrelid = history_rel AND attnum > 0 AND NOT attisdropped;
    WITH entries AS (
        SELECT h.global_index, h.ordinal, json_build_object(
                   'time', h.time, 'operation', h.operation, 'primary_key', h.primary_key::json,
                   'columns', (SELECT coalesce(json_agg(c ORDER BY n), '[]')
                               FROM unnest(h.columns) WITH ORDINALITY AS u(c, n)
                               WHERE fluxbase.may_read_column(reader_role, history_rel, c)),
                   'call_id', h.call_id, 'key_id', h.key_id, 'key_name', a.key_name, 'tool', a.target,
                   'session_id', a.session_id, 'digest', CASE WHEN whole_row THEN h.digest END,
                   'values', (SELECT json_object_agg(k, v) FROM json_each(h.row_values::json) AS x(k, v)
                              WHERE fluxbase.may_read_column(reader_role, history_rel, k)))::text AS entry
        FROM fluxbase.row_history h LEFT JOIN fluxbase.audit_log a ON a.call_id = h.call_id
        WHERE h.table_name = history_table AND h.row_key = history_key
          AND (named IS NULL
               OR (fluxbase.row_key_values(h.primary_key) = named
                   AND NOT EXISTS (SELECT 1 FROM fluxbase.row_history d
                                   WHERE d.table_name = history_table AND d.row_key = history_key
                                     AND fluxbase.row_key_values(d.primary_key) = named
                                     AND ((d.operation IN ('delete', 'key_change')
                                           AND (d.global_index, d.ordinal) >= (h.global_index, h.ordinal))
                                          OR ((d.operation = 'insert'
                                               OR (d.operation = 'update' AND EXISTS (
                                                       SELECT 1 FROM fluxbase.row_history m
                                                       WHERE m.global_index = d.global_index
                                                         AND m.ordinal = -(d.ordinal + 1)
                                                         AND m.operation = 'key_change')))
                                              AND (d.global_index, d.ordinal) > (h.global_index, h.ordinal))))))),
    sized AS (
        -- a running total from the newest change back: the newest are kept when not all fit
        SELECT global_index, ordinal, entry,
               sum(octet_length(entry) + 1) OVER (ORDER BY global_index DESC, ordinal DESC) AS newer,
               row_number() OVER (ORDER BY global_index DESC, ordinal DESC) = 1 AS newest
        FROM entries)
    -- one aggregate, filtered, in both branches (PostgreSQL computes it once): an unfiltered one would build the whole
    -- history in the backend however little of it is sent; a newest change larger than the cap on its own is shown
    -- without its values
    SELECT CASE WHEN bool_or(newer > max_bytes)
                THEN json_build_object('table', history_table, 'id', history_key, 'changes',
                         coalesce(json_agg(entry::json ORDER BY global_index, ordinal)
                                  FILTER (WHERE newer <= max_bytes),
                                  json_agg((entry::jsonb - 'values') || '{"values_left_out": true}')
                                  FILTER (WHERE newest AND newer > max_bytes)), 'truncated', true)
                ELSE json_build_object('table', history_table, 'id', history_key, 'changes',
                         coalesce(json_agg(entry::json ORDER BY global_index, ordinal)
                                  FILTER (WHERE newer <= max_bytes), '[]')) END::text
    INTO history
    FROM sized
    HAVING count(*) > 0;
    RETURN history;
END
$$;
