-- Read models, rebuilt from the command log by tracking projections; owned by the server, hidden from key roles.
CREATE TABLE fluxbase.key_registry (
    key_id             TEXT PRIMARY KEY,
    name               TEXT        NOT NULL,
    key_type           TEXT        NOT NULL,
    scopes             TEXT[]      NOT NULL,
    user_id            UUID,
    key_hash           TEXT        NOT NULL UNIQUE,
    key_prefix         TEXT        NOT NULL,
    status             TEXT        NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL,
    expires_at         TIMESTAMPTZ,
    revoked_at         TIMESTAMPTZ,
    rate_limit_per_min INTEGER
);

-- Fixed one-minute windows per key, shared by every node on this database.
-- Unlogged: a crash may forget the current minute's counts, which is fine, and counting costs no WAL flush.
CREATE UNLOGGED TABLE fluxbase.rate_window (
    key_id       TEXT        NOT NULL,
    window_start TIMESTAMPTZ NOT NULL,
    requests     BIGINT      NOT NULL,
    PRIMARY KEY (key_id, window_start)
);

CREATE TABLE fluxbase.audit_log (
    global_index   BIGINT PRIMARY KEY,
    call_id        TEXT        NOT NULL UNIQUE,
    time           TIMESTAMPTZ NOT NULL,
    category       TEXT        NOT NULL,
    session_id     TEXT,
    key_id         TEXT,
    key_name       TEXT,
    key_type       TEXT,
    db_role        TEXT,
    user_id        UUID,
    method         TEXT        NOT NULL,
    target         TEXT,
    argument_digest TEXT,
    arguments      TEXT,
    outcome        TEXT        NOT NULL,
    error_code     TEXT,
    message        TEXT,
    rows           BIGINT      NOT NULL,
    bytes_out      BIGINT      NOT NULL,
    duration_ms    DOUBLE PRECISION NOT NULL,
    client_name    TEXT,
    client_version TEXT,
    ip             TEXT,
    user_agent     TEXT,
    trace_id       TEXT
);
CREATE INDEX audit_log_category_time ON fluxbase.audit_log (category, time DESC);
CREATE INDEX audit_log_key_time ON fluxbase.audit_log (key_id, time DESC);
