-- Files changed by SQL (a function a key calls through invoke_rpc, a project's trigger) had no event at all: the
-- storage tools wrote their own events, and the change capture left storage's tables alone. storage.objects now has
-- the capture triggers too, and the server makes file events of what they record, for the tools' files as for any
-- other SQL's. storage.buckets stays out: only the server's login changes it, with its own events.
CREATE OR REPLACE FUNCTION fluxbase.capture_user_tables() RETURNS integer
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    target regclass;
    added  integer := 0;
BEGIN
    FOR target IN
        SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND (n.nspname NOT IN ('fluxbase', 'fluxbase_gate', 'auth', 'information_schema', 'storage',
                                 'fluxbase_storage')
               OR c.oid = 'storage.objects'::regclass)
          AND n.nspname NOT LIKE 'pg\_%'
          AND has_table_privilege(c.oid, 'TRIGGER')
    LOOP
        BEGIN
            IF fluxbase.capture_table(target) THEN
                added := added + 1;
            END IF;
        EXCEPTION WHEN OTHERS THEN
            RAISE WARNING 'changes to % cannot be captured for the command log: %', target, SQLERRM;
        END;
    END LOOP;
    RETURN added;
END
$$;

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
