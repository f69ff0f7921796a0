-- history://tables/{table}/{id} under the caller's role: the caller's transaction asks the gate (see V12) for a
-- row's history only when its role can read the row; the gate keeps the columns and values that role may read.

CREATE FUNCTION fluxbase.may_read_column(reader text, target regclass, column_name text) RETURNS boolean
    LANGUAGE sql STABLE SET search_path = pg_catalog
AS $$
    SELECT EXISTS (SELECT 1 FROM pg_attribute
                   WHERE attrelid = target AND attname = column_name AND attnum > 0 AND NOT attisdropped
                     AND has_column_privilege(reader, target, attnum, 'SELECT'))
$$;
REVOKE ALL ON FUNCTION fluxbase.may_read_column(text, regclass, text) FROM PUBLIC;

-- NULL when the log holds no change of the row. The reader's role is that of the session's caller login, which a
-- caller cannot change. A change's digest covers the whole row, so it is shown only to a role that may read every
-- column (a digest of values one cannot see would let one guess them).
CREATE FUNCTION fluxbase_gate.row_history(gate_key text, history_table text, history_key text) RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    reader_role text;
    history_rel regclass := to_regclass(history_table);
    whole_row   boolean;
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
    HAVING count(*) > 0;
    RETURN history;
END
$$;

REVOKE ALL ON FUNCTION fluxbase_gate.row_history(text, text, text) FROM PUBLIC;
-- Called from the caller's statement while it runs as the key role, so the key roles may call it; the gate key is
-- what protects it.
GRANT USAGE ON SCHEMA fluxbase_gate TO anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION fluxbase_gate.row_history(text, text, text)
    TO anon, authenticated, service_role, fluxbase_caller_anon, fluxbase_caller_authenticated,
       fluxbase_caller_service_role;
