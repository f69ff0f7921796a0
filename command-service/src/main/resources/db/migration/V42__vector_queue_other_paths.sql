-- Rows written through MCP are embedded from their change events in the command log (ChangeEventEmbeddings); the
-- queue now takes only the writes of other paths (the owner's SQL, db apply, psql, replication). A write is an MCP
-- write when its session user is a caller login and the table has the capture triggers: exactly the changes that
-- fluxbase.capture_changes records and the write then appends as events, in the same transaction. A caller cannot
-- pose as another path (the login is the server's choice, not a setting a statement can make). One thing events do
-- not name is the old key of an update that changed the key: such rows still go through the queue, so their old
-- embedding is dropped.
CREATE OR REPLACE FUNCTION fluxbase.vector_enqueue() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM fluxbase.caller_logins WHERE login = session_user)
       AND EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = TG_RELID AND tgname = 'fluxbase_capture_insert') THEN
        IF TG_OP = 'UPDATE' THEN
            INSERT INTO fluxbase.vector_queue AS q (table_name, row_key)
            SELECT DISTINCT TG_ARGV[0], to_jsonb(vector_old_row.*) ->> TG_ARGV[1] FROM vector_old AS vector_old_row
            WHERE NOT EXISTS (SELECT 1 FROM vector_new AS vector_new_row
                              WHERE to_jsonb(vector_new_row.*) ->> TG_ARGV[1]
                                    = to_jsonb(vector_old_row.*) ->> TG_ARGV[1])
            ON CONFLICT (table_name, row_key) DO UPDATE SET queued_at = clock_timestamp();
        END IF;
        RETURN NULL;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO fluxbase.vector_queue AS q (table_name, row_key)
        SELECT DISTINCT TG_ARGV[0], to_jsonb(vector_new_row.*) ->> TG_ARGV[1] FROM vector_new AS vector_new_row
        ON CONFLICT (table_name, row_key) DO UPDATE SET queued_at = clock_timestamp();
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO fluxbase.vector_queue AS q (table_name, row_key)
        SELECT DISTINCT TG_ARGV[0], to_jsonb(vector_old_row.*) ->> TG_ARGV[1] FROM vector_old AS vector_old_row
        ON CONFLICT (table_name, row_key) DO UPDATE SET queued_at = clock_timestamp();
    END IF;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION fluxbase.vector_enqueue() FROM PUBLIC;
