-- The job status read model behind get_job_status and `fluxbase jobs`: one row per job, and one row per step of its
-- lifecycle, keyed by the event's sequence number in its job's stream, so replaying the log rebuilds both and a
-- replayed event changes nothing (last_seq).
CREATE TABLE fluxbase.job_status (
    job_id           UUID PRIMARY KEY,
    name             TEXT        NOT NULL,
    status           TEXT        NOT NULL,
    progress         INT         NOT NULL DEFAULT 0,
    progress_message TEXT,
    attempts         INT         NOT NULL DEFAULT 0,
    max_attempts     INT         NOT NULL,
    priority         INT         NOT NULL,
    result           JSONB,
    error            TEXT,
    key_id           TEXT        NOT NULL,
    user_id          UUID,
    submitted_at     TIMESTAMPTZ NOT NULL,
    run_at           TIMESTAMPTZ NOT NULL,
    started_at       TIMESTAMPTZ,
    finished_at      TIMESTAMPTZ,
    last_seq         BIGINT      NOT NULL
);

CREATE INDEX job_status_newest ON fluxbase.job_status (submitted_at DESC);

CREATE TABLE fluxbase.job_steps (
    job_id       UUID        NOT NULL,
    seq          BIGINT      NOT NULL,
    step         TEXT        NOT NULL,
    at           TIMESTAMPTZ NOT NULL,
    attempt      INT,
    node         TEXT,
    detail       TEXT,
    PRIMARY KEY (job_id, seq)
);
