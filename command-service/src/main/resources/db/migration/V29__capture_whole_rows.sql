-- Change capture named each transition table's rows `n` and `o`, so a user table with a column called n (or o) had
-- that column read instead of the row ("function row_to_json(integer) does not exist") and could not be written
-- through the tools. The rows now go by names no user column takes, referred to as whole rows (alias.*).
CREATE OR REPLACE FUNCTION fluxbase.capture_changes() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    primary_key text[];
BEGIN
    IF NOT EXISTS (SELECT 1 FROM fluxbase.caller_logins WHERE login = session_user) THEN
        RETURN NULL;
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
