-- Edge functions: the live version of each, written with its FunctionDeployed or FunctionDeleted event in one
-- transaction. A deleted function keeps its row (deleted_at set) so a later deploy of the name continues its versions.
CREATE TABLE fluxbase.edge_functions (
    name         TEXT PRIMARY KEY,
    version      INT         NOT NULL,
    sha256       TEXT        NOT NULL,
    description  TEXT        NOT NULL DEFAULT '',
    timeout_ms   BIGINT      NOT NULL CHECK (timeout_ms > 0),
    input_schema JSONB,
    source       TEXT        NOT NULL,
    deployed_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    deleted_at   TIMESTAMPTZ
);
