-- The tamper-evident command log: every record of domain_event_entry, in the order the log made it visible, with
-- its content hash and the chain hash that links it to the one before (ChainHashes). The event id, type and time
-- are kept so that a record deleted from the log can still be named.
CREATE TABLE fluxbase.log_chain (
    position         BIGINT       PRIMARY KEY,
    global_index     BIGINT       NOT NULL UNIQUE,
    event_identifier VARCHAR(255) NOT NULL,
    payload_type     VARCHAR(255) NOT NULL,
    time             TIMESTAMPTZ  NOT NULL,
    record_hash      BYTEA        NOT NULL,
    chain_hash       BYTEA        NOT NULL
);
CREATE INDEX log_chain_time ON fluxbase.log_chain (time);

-- Signed statements of the chain hash at a position (Ed25519, the key in the data directory).
CREATE TABLE fluxbase.log_checkpoint (
    position   BIGINT      PRIMARY KEY,
    chain_hash BYTEA       NOT NULL,
    time       TIMESTAMPTZ NOT NULL,
    signature  BYTEA       NOT NULL
);

-- Each retention pruning: records older than cut_before were removed up to chain position through_position, where a
-- signed checkpoint stands.
CREATE TABLE fluxbase.log_pruning (
    through_position BIGINT      PRIMARY KEY,
    cut_before       TIMESTAMPTZ NOT NULL,
    pruned_at        TIMESTAMPTZ NOT NULL,
    records_removed  BIGINT      NOT NULL
);
