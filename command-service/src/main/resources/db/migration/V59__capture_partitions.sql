-- Partitions had no capture triggers of their own, as their partitioned table's were taken to cover them. They do
-- only for statements on the partitioned table: a statement-level trigger fires for the table a statement names, so
-- rows a function (or a trigger) wrote straight into a partition were committed without change events. Partitions
-- now carry the triggers too; a statement on the partitioned table is still captured once, by its own. Of storage's
-- tables, storage.objects is captured (V58).
CREATE OR REPLACE FUNCTION fluxbase.capture_user_tables() RETURNS integer
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    target regclass;
    added  integer := 0;
BEGIN
    FOR target IN
        SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p')
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

SELECT fluxbase.capture_user_tables();
