-- Every run of an edge function, from its FunctionInvoked event (the audit-log processor writes it, keyed by the
-- event's position in the command log, so replaying the log rebuilds it). Behind functions://list's invocations and
-- last status, functions://{name}'s recent executions and `fluxbase functions logs`.
CREATE TABLE fluxbase.function_executions (
    global_index BIGINT PRIMARY KEY,
    call_id      TEXT             NOT NULL,
    time         TIMESTAMPTZ      NOT NULL,
    name         TEXT             NOT NULL,
    version      INT              NOT NULL,
    key_id       TEXT,
    via          TEXT             NOT NULL,
    outcome      TEXT             NOT NULL,
    status       INT,
    error        TEXT,
    duration_ms  DOUBLE PRECISION NOT NULL,
    bytes        BIGINT           NOT NULL,
    logs         TEXT[]           NOT NULL DEFAULT '{}'
);

CREATE INDEX function_executions_latest ON fluxbase.function_executions (name, global_index DESC);
