-- Read model behind history://tables/{table}/{id}: one row per changed row per change event, rebuilt from the log.
CREATE TABLE fluxbase.row_history (
    global_index BIGINT      NOT NULL,
    ordinal      INTEGER     NOT NULL,
    time         TIMESTAMPTZ NOT NULL,
    table_name   TEXT        NOT NULL,
    row_key      TEXT,
    primary_key  TEXT,
    operation    TEXT        NOT NULL,
    columns      TEXT[]      NOT NULL,
    digest       TEXT        NOT NULL,
    row_values   TEXT,
    call_id      TEXT        NOT NULL,
    key_id       TEXT,
    PRIMARY KEY (global_index, ordinal)
);
CREATE INDEX row_history_row ON fluxbase.row_history (table_name, row_key, global_index);
