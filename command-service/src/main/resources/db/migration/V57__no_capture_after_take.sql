-- A deferred trigger that SET CONSTRAINTS ALL IMMEDIATE fires may defer its work again, and that work then runs at
-- COMMIT, after take_changes took the write's captured rows: what it wrote was captured but never taken, and committed
-- without its events. take_changes now marks its transaction as taken, and a capture in a taken transaction refuses
-- the write whole. The mark is a row per backend, out of the callers' reach (a setting, the project's code could
-- change); it is overwritten by the backend's next write, so the table never holds more rows than there are backends.
CREATE UNLOGGED TABLE fluxbase.changes_taken (
    backend int  PRIMARY KEY,
    xid     xid8 NOT NULL
);

CREATE OR REPLACE FUNCTION fluxbase_gate.take_changes(gate_key text) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    changes text;
BEGIN
    PERFORM fluxbase.gate_check(gate_key);
    INSERT INTO fluxbase.changes_taken (backend, xid) VALUES (pg_backend_pid(), pg_current_xact_id())
    ON CONFLICT (backend) DO UPDATE SET xid = excluded.xid;
    WITH taken AS (
        DELETE FROM fluxbase.change_capture WHERE xid = pg_current_xact_id() RETURNING *)
    SELECT coalesce(json_agg(json_build_object('table', table_name, 'operation', operation,
               'key_columns', key_columns, 'new_rows', new_rows, 'old_rows', old_rows) ORDER BY seq), '[]')::text
    INTO changes FROM taken;
    IF octet_length(changes) > 33554432 THEN
        RAISE EXCEPTION 'the write changes % bytes of rows, more than the 33554432 one write may record',
            octet_length(changes) USING ERRCODE = 'FBCTL';
    END IF;
    RETURN changes;
END
$$;

CREATE OR REPLACE FUNCTION fluxbase.capture_changes() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    primary_key text[];
BEGIN
    IF NOT EXISTS (SELECT 1 FROM fluxbase.caller_logins WHERE login = session_user) THEN
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT 1 FROM fluxbase.changes_taken
               WHERE backend = pg_backend_pid() AND xid = pg_current_xact_id_if_assigned()) THEN
        RAISE EXCEPTION '% was changed after the write''s statements were done, by deferred work that deferred itself'
            ' again', fluxbase.display_name(TG_TABLE_SCHEMA, TG_TABLE_NAME) USING ERRCODE = 'FBLAT';
    END IF;
    SELECT coalesce(array_agg(a.attname::text ORDER BY k.ord), '{}') INTO primary_key
    FROM pg_index i CROSS JOIN unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
    WHERE i.indrelid = TG_RELID AND i.indisprimary;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO fluxbase.change_capture (xid, table_name, operation, key_columns, new_rows)
        SELECT pg_current_xact_id(), fluxbase.display_name(TG_TABLE_SCHEMA, TG_TABLE_NAME), 'insert', primary_key,
               array_agg(row_to_json(captured_new_row.*)::text)
        FROM captured_new AS captured_new_row HAVING count(*) > 0;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO fluxbase.change_capture (xid, table_name, operation, key_columns, new_rows, old_rows)
        SELECT pg_current_xact_id(), fluxbase.display_name(TG_TABLE_SCHEMA, TG_TABLE_NAME), 'update', primary_key,
               (SELECT array_agg(row_to_json(captured_new_row.*)::text) FROM captured_new AS captured_new_row),
               (SELECT array_agg(row_to_json(captured_old_row.*)::text) FROM captured_old AS captured_old_row)
        WHERE EXISTS (SELECT 1 FROM captured_new);
    ELSE
        INSERT INTO fluxbase.change_capture (xid, table_name, operation, key_columns, old_rows)
        SELECT pg_current_xact_id(), fluxbase.display_name(TG_TABLE_SCHEMA, TG_TABLE_NAME), 'delete', primary_key,
               array_agg(row_to_json(captured_old_row.*)::text)
        FROM captured_old AS captured_old_row HAVING count(*) > 0;
    END IF;
    RETURN NULL;
END
$$;
