-- Vector search. Which tables are searchable (and by what text), their rows' embeddings, and the queue of rows whose
-- text may have changed. The queue is fed by triggers on the user table, so a write from any path (the MCP tools,
-- plain SQL, a function) is seen; a worker embeds what is queued and skips a row whose text digest did not change.
-- Key roles have no privilege on any of these (schema fluxbase is not theirs): only the server reads them.
CREATE TABLE fluxbase.vector_indexes (
    table_name    TEXT PRIMARY KEY,            -- display name, e.g. public.docs
    generation    BIGSERIAL   NOT NULL UNIQUE, -- a table enabled again is a new index to the in-memory copies
    key_column    TEXT        NOT NULL,
    key_type      TEXT        NOT NULL,        -- format_type of the key, to look rows up by it
    source_column TEXT,
    template      TEXT,
    model         TEXT        NOT NULL,
    metric        TEXT        NOT NULL,
    enabled_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_error    TEXT,
    last_error_at TIMESTAMPTZ,
    CHECK ((source_column IS NULL) <> (template IS NULL))
);

-- One row per embedded row. A deleted row leaves a tombstone (embedding NULL) for a while, so in-memory copies that
-- follow `change` learn of the delete; the worker purges old tombstones.
CREATE SEQUENCE fluxbase.vector_changes;
CREATE TABLE fluxbase.vector_embeddings (
    table_name  TEXT   NOT NULL REFERENCES fluxbase.vector_indexes (table_name) ON DELETE CASCADE,
    row_key     TEXT   NOT NULL,
    text_digest BYTEA,
    embedding   REAL[],
    change      BIGINT NOT NULL DEFAULT nextval('fluxbase.vector_changes'),
    changed_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (table_name, row_key)
);
CREATE INDEX vector_embeddings_change ON fluxbase.vector_embeddings (change);

-- queued_at is the time of the latest write: the worker removes a row from the queue only if no write came after
-- the text it embedded was read.
CREATE TABLE fluxbase.vector_queue (
    table_name TEXT        NOT NULL REFERENCES fluxbase.vector_indexes (table_name) ON DELETE CASCADE,
    row_key    TEXT        NOT NULL,
    queued_at  TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (table_name, row_key)
);

-- TG_ARGV: the table's display name and its key column. Statement-level with transition tables, so a bulk write
-- queues its rows in one statement.
CREATE FUNCTION fluxbase.vector_enqueue() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
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
