-- DDL in a call takes rows or values away with no row trigger firing: a SECURITY DEFINER function a key calls through
-- invoke_rpc may drop a table (a partition past its retention, say) or a column, or rewrite a column's values with
-- ALTER ... TYPE ... USING, as its owner may. None of that reached the command log. Where this login may create event
-- triggers (a superuser, as on the embedded database), such DDL in a call is refused and undone; the owner's own SQL
-- (db apply, psql) is not a call and runs as before. Temporary tables a function makes and drops are left alone.
CREATE FUNCTION fluxbase.refuse_dropped_rows_in_calls() RETURNS event_trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    dropped record;
BEGIN
    IF NOT fluxbase.in_a_call() THEN
        RETURN;
    END IF;
    SELECT object_type, object_identity INTO dropped FROM pg_event_trigger_dropped_objects()
    WHERE object_type IN ('table', 'table column') AND NOT is_temporary LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION '% drops % %, whose values would go without change events', tg_tag,
            CASE dropped.object_type WHEN 'table' THEN 'the table' ELSE 'the column' END, dropped.object_identity
            USING ERRCODE = 'FBDDL';
    END IF;
END
$$;

CREATE FUNCTION fluxbase.refuse_rewritten_rows_in_calls() RETURNS event_trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF fluxbase.in_a_call() THEN
        RAISE EXCEPTION '% rewrites every row of %, without change events', tg_tag,
            pg_event_trigger_table_rewrite_oid()::regclass USING ERRCODE = 'FBDDL';
    END IF;
END
$$;
REVOKE ALL ON FUNCTION fluxbase.refuse_dropped_rows_in_calls(), fluxbase.refuse_rewritten_rows_in_calls() FROM PUBLIC;

DO $$
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        CREATE EVENT TRIGGER fluxbase_refuse_dropped_rows ON sql_drop
            EXECUTE FUNCTION fluxbase.refuse_dropped_rows_in_calls();
        CREATE EVENT TRIGGER fluxbase_refuse_rewritten_rows ON table_rewrite
            EXECUTE FUNCTION fluxbase.refuse_rewritten_rows_in_calls();
    END IF;
END
$$;
