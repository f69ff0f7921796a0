-- A table a call makes with rows in it (CREATE TABLE ... AS, SELECT ... INTO: a SECURITY DEFINER function that keeps
-- a snapshot, say) got its capture triggers only after its rows were written, so those rows had no change events.
-- Where this login may create event triggers, they are now captured as the statement ends, as inserts into the new
-- table under the call; a table made empty (WITH NO DATA, a plain CREATE TABLE) has nothing to capture. Temporary
-- tables are the call's own and left out, as the owner's own SQL is.
CREATE FUNCTION fluxbase.capture_tables_made_with_rows() RETURNS event_trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    made record;
BEGIN
    IF NOT fluxbase.in_a_call() THEN
        RETURN;
    END IF;
    FOR made IN
        SELECT c.objid::regclass AS target, n.nspname AS schema_name, r.relname AS table_name
        FROM pg_event_trigger_ddl_commands() c
        JOIN pg_class r ON r.oid = c.objid JOIN pg_namespace n ON n.oid = r.relnamespace
        WHERE c.classid = 'pg_class'::regclass AND c.objsubid = 0 AND r.relkind IN ('r', 'p')
          AND r.relpersistence <> 't'
    LOOP
        EXECUTE format('INSERT INTO fluxbase.change_capture (xid, table_name, operation, key_columns, new_rows)'
                       ' SELECT pg_current_xact_id(), $1, ''insert'', ''{}'', array_agg(row_to_json(made_row.*)::text)'
                       ' FROM %s AS made_row HAVING count(*) > 0', made.target)
            USING fluxbase.display_name(made.schema_name, made.table_name);
    END LOOP;
END
$$;
REVOKE ALL ON FUNCTION fluxbase.capture_tables_made_with_rows() FROM PUBLIC;

DO $$
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        CREATE EVENT TRIGGER fluxbase_capture_tables_made_with_rows ON ddl_command_end
            WHEN TAG IN ('CREATE TABLE AS', 'SELECT INTO')
            EXECUTE FUNCTION fluxbase.capture_tables_made_with_rows();
    END IF;
END
$$;
