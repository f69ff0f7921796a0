-- Files changed by SQL (a function a key calls through invoke_rpc, a project's trigger) had no event at all: the
-- storage tools wrote their own events, and the change capture left storage's tables alone. storage.objects now has
-- the capture triggers too, and the server makes file events of what they record, for the tools' files as for any
-- other SQL's; capture_user_tables puts them back after db apply and at start (V59). storage.buckets stays out: only
-- the server's login changes it, with its own events.
-- A table that had lost one of its three triggers (DROP TRIGGER by its owner) kept the other two, and capture_table,
-- seeing the first, put none back; a missing one is now put back on its own.
CREATE OR REPLACE FUNCTION fluxbase.capture_table(target regclass) RETURNS boolean
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    trigger_sql CONSTANT text[][] := ARRAY[
        ['fluxbase_capture_insert', 'AFTER INSERT ON %s REFERENCING NEW TABLE AS captured_new'],
        ['fluxbase_capture_update', 'AFTER UPDATE ON %s REFERENCING OLD TABLE AS captured_old'
                                    ' NEW TABLE AS captured_new'],
        ['fluxbase_capture_delete', 'AFTER DELETE ON %s REFERENCING OLD TABLE AS captured_old']];
    added boolean := false;
BEGIN
    FOR i IN 1 .. array_length(trigger_sql, 1) LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = target AND tgname = trigger_sql[i][1]) THEN
            EXECUTE format('CREATE TRIGGER %I ' || trigger_sql[i][2]
                           || ' FOR EACH STATEMENT EXECUTE FUNCTION fluxbase.capture_changes()',
                           trigger_sql[i][1], target);
            added := true;
        END IF;
    END LOOP;
    RETURN added;
END
$$;

SELECT fluxbase.capture_table('storage.objects'::regclass);
