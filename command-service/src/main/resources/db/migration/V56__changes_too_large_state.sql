-- take_changes refused a write's captured rows past 32 MB with SQLSTATE FB413, the state storage's bucket limits use
-- for a file too large: a function's SQL that stored an oversized file was then told to change fewer rows. The
-- captured rows' limit now has a state of its own, FBCTL.
CREATE OR REPLACE FUNCTION fluxbase_gate.take_changes(gate_key text) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    changes text;
BEGIN
    PERFORM fluxbase.gate_check(gate_key);
    WITH taken AS (
        DELETE FROM fluxbase.change_capture WHERE xid = pg_current_xact_id_if_assigned() RETURNING *)
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
