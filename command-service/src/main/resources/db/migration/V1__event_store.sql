-- The command log: Axon's JDBC event store, in snake_case, in a schema the key roles cannot reach.
CREATE SCHEMA IF NOT EXISTS fluxbase;
REVOKE ALL ON SCHEMA fluxbase FROM PUBLIC;

-- global_index on its own sequence: Axon inserts without it and tracking processors read in its order.
CREATE SEQUENCE fluxbase.domain_event_entry_seq;

CREATE TABLE fluxbase.domain_event_entry (
    global_index         BIGINT       NOT NULL DEFAULT nextval('fluxbase.domain_event_entry_seq'),
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number      BIGINT       NOT NULL,
    type                 VARCHAR(255),
    event_identifier     VARCHAR(255) NOT NULL,
    meta_data            BYTEA,
    payload              BYTEA        NOT NULL,
    payload_revision     VARCHAR(255),
    payload_type         VARCHAR(255) NOT NULL,
    time_stamp           VARCHAR(255) NOT NULL,
    PRIMARY KEY (global_index),
    UNIQUE (aggregate_identifier, sequence_number),
    UNIQUE (event_identifier)
);
ALTER SEQUENCE fluxbase.domain_event_entry_seq OWNED BY fluxbase.domain_event_entry.global_index;

CREATE TABLE fluxbase.snapshot_event_entry (
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number      BIGINT       NOT NULL,
    type                 VARCHAR(255) NOT NULL,
    event_identifier     VARCHAR(255) NOT NULL,
    meta_data            BYTEA,
    payload              BYTEA        NOT NULL,
    payload_revision     VARCHAR(255),
    payload_type         VARCHAR(255) NOT NULL,
    time_stamp           VARCHAR(255) NOT NULL,
    PRIMARY KEY (aggregate_identifier, sequence_number),
    UNIQUE (event_identifier)
);

CREATE TABLE fluxbase.token_entry (
    processor_name VARCHAR(255) NOT NULL,
    segment        INTEGER      NOT NULL,
    token          BYTEA,
    token_type     VARCHAR(255),
    timestamp      VARCHAR(255),
    owner          VARCHAR(255),
    PRIMARY KEY (processor_name, segment)
);

-- The admin credential: only its hash is kept.
CREATE TABLE fluxbase.admin_token (
    id          SMALLINT PRIMARY KEY CHECK (id = 1),
    token_hash  TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
