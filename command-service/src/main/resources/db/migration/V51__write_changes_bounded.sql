-- A write's captured rows reach the server as one text, read into its memory whole: an update_record over many
-- large rows (old and new values) could make that gigabytes in one call. Past 32 MB the write is refused with
-- SQLSTATE FB413 (the server says to change fewer rows per call), and the whole transaction rolls back.
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
            octet_length(changes) USING ERRCODE = 'FB413';
    END IF;
    RETURN changes;
END
$$;
