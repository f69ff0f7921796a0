-- An update that gives a row a new key starts the row's life under that key, as an insert does. Such an update
-- leaves a 'key_change' entry under the key it left, at the ordinal -(n + 1) of its own entry n. Without this, a row
-- renamed onto a key whose earlier row was deleted outside the server (no delete recorded) showed that row's changes.

CREATE OR REPLACE FUNCTION fluxbase_gate.row_history(gate_key text, history_table text, history_key text, key_values text[])
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
    SELECT json_build_object('table', history_table, 'id', history_key, 'changes', json_agg(json_build_object(
               'time', h.time, 'operation', h.operation, 'primary_key', h.primary_key::json,
               'columns', (SELECT coalesce(json_agg(c ORDER BY n), '[]') FROM unnest(h.columns) WITH ORDINALITY AS u(c, n)
                           WHERE fluxbase.may_read_column(reader_role, history_rel, c)),
               'call_id', h.call_id, 'key_id', h.key_id, 'key_name', a.key_name, 'tool', a.target,
               'session_id', a.session_id, 'digest', CASE WHEN whole_row THEN h.digest END,
               'values', (SELECT json_object_agg(k, v) FROM json_each(h.row_values::json) AS x(k, v)
                          WHERE fluxbase.may_read_column(reader_role, history_rel, k)))
               ORDER BY h.global_index, h.ordinal))::text
    INTO history
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
                                          AND (d.global_index, d.ordinal) > (h.global_index, h.ordinal))))))
    HAVING count(*) > 0;
    RETURN history;
END
$$;
