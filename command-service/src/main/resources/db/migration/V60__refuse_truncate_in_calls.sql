-- A TRUNCATE fires no row triggers, so the rows it removed in a call (a SECURITY DEFINER function a key calls through
-- invoke_rpc, say, or one granted TRUNCATE) were gone with no change event. Copying every row into the capture would
-- read the table past its policies; a call's TRUNCATE is refused instead, before it runs, and DELETE (whose rows are
-- recorded) is the way to empty a table in a call. The owner's own SQL (db apply, psql) truncates as before.

-- Whether this session is a call's: a caller login's (the owner's SQL, db apply and the server's own run on others).
CREATE FUNCTION fluxbase.in_a_call() RETURNS boolean
    LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
AS $$ SELECT EXISTS (SELECT 1 FROM fluxbase.caller_logins WHERE login = session_user) $$;
REVOKE ALL ON FUNCTION fluxbase.in_a_call() FROM PUBLIC;

CREATE FUNCTION fluxbase.refuse_truncate_in_calls() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF fluxbase.in_a_call() THEN
        RAISE EXCEPTION 'TRUNCATE of % removes rows without recording each of them', fluxbase.display_name(
            TG_TABLE_SCHEMA, TG_TABLE_NAME) USING ERRCODE = 'FBTRU';
    END IF;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION fluxbase.refuse_truncate_in_calls() FROM PUBLIC;

-- The fourth trigger; and a capture trigger its table's owner disabled (ALTER TABLE ... DISABLE TRIGGER, in db apply
-- say), which left the table's changes unrecorded, is enabled again, as a missing one is put back.
CREATE OR REPLACE FUNCTION fluxbase.capture_table(target regclass) RETURNS boolean
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    trigger_sql CONSTANT text[][] := ARRAY[
        ['fluxbase_capture_insert', 'AFTER INSERT ON %s REFERENCING NEW TABLE AS captured_new',
         'capture_changes'],
        ['fluxbase_capture_update', 'AFTER UPDATE ON %s REFERENCING OLD TABLE AS captured_old'
                                    ' NEW TABLE AS captured_new', 'capture_changes'],
        ['fluxbase_capture_delete', 'AFTER DELETE ON %s REFERENCING OLD TABLE AS captured_old', 'capture_changes'],
        ['fluxbase_capture_truncate', 'BEFORE TRUNCATE ON %s', 'refuse_truncate_in_calls']];
    enabled "char";
    added boolean := false;
BEGIN
    FOR i IN 1 .. array_length(trigger_sql, 1) LOOP
        SELECT tgenabled INTO enabled FROM pg_trigger WHERE tgrelid = target AND tgname = trigger_sql[i][1];
        IF NOT FOUND THEN
            EXECUTE format('CREATE TRIGGER %I ' || trigger_sql[i][2]
                           || ' FOR EACH STATEMENT EXECUTE FUNCTION fluxbase.%I()',
                           trigger_sql[i][1], target, trigger_sql[i][3]);
            added := true;
        ELSIF enabled IN ('D', 'R') THEN -- disabled, or firing only where session_replication_role is replica
            EXECUTE format('ALTER TABLE %s ENABLE TRIGGER %I', target, trigger_sql[i][1]);
            added := true;
        END IF;
    END LOOP;
    RETURN added;
END
$$;

SELECT fluxbase.capture_user_tables();
