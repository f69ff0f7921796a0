-- Events a projection could not store, set aside so that the projection moves on (one row per processor and event).
-- /mcp/health counts them; the audit log shows a placeholder for each call record set aside.
CREATE TABLE fluxbase.dead_letter (
    processor    TEXT        NOT NULL,
    global_index BIGINT      NOT NULL,
    event_type   TEXT        NOT NULL,
    error        TEXT        NOT NULL,
    set_aside_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (processor, global_index)
);
