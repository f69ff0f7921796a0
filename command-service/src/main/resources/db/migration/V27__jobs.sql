-- Background jobs. A function deployed with --job carries its attempts and backoff; job_max_attempts is null for a
-- plain function.
ALTER TABLE fluxbase.edge_functions
    ADD COLUMN job_max_attempts INT CHECK (job_max_attempts BETWEEN 1 AND 100),
    ADD COLUMN job_backoff_ms   BIGINT CHECK (job_backoff_ms >= 0);

-- The queue the runners of every node claim from (FOR UPDATE SKIP LOCKED). Each row changes in the transaction that
-- appends its job's event, so queue and log agree. A running row belongs to lease_owner until lease_until; a row
-- whose lease passed is a job whose node stopped, taken over by the next claim as a new attempt.
CREATE TABLE fluxbase.job_queue (
    job_id          UUID PRIMARY KEY,
    name            TEXT        NOT NULL,
    payload         TEXT,
    priority        INT         NOT NULL DEFAULT 0,
    run_at          TIMESTAMPTZ NOT NULL,
    status          TEXT        NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    attempt         INT         NOT NULL DEFAULT 0,
    key_id          TEXT        NOT NULL,
    key_type        TEXT        NOT NULL,
    db_role         TEXT        NOT NULL,
    user_id         UUID,
    scopes          TEXT[]      NOT NULL,
    idempotency_key TEXT,
    lease_owner     TEXT,
    lease_until     TIMESTAMPTZ,
    submitted_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (key_id, idempotency_key)
);

-- What a claim looks for: due queued jobs by priority, and running jobs whose lease has passed.
CREATE INDEX job_queue_due ON fluxbase.job_queue (priority DESC, run_at) WHERE status = 'queued';
CREATE INDEX job_queue_leases ON fluxbase.job_queue (lease_until) WHERE status = 'running';
