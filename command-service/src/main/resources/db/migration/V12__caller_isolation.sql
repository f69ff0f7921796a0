-- Caller isolation (DESIGN §4). A caller's statements run on connections that log in as a role holding the key's
-- database role and nothing else, so SQL that resets or sets the role gains nothing. Those logins reach the
-- command log only through the gate functions below, which demand a node's gate key, and every row they change is
-- captured by triggers, so a change always becomes its change event in its own transaction.

-- One login per key role. NOINHERIT: the login holds nothing of its own, only the right to SET ROLE to its key
-- role; after RESET ROLE a caller's SQL holds what PUBLIC holds. Passwords are set by the server at start
-- (CallerLogins) and kept here, where no caller can read them.
DO $$
DECLARE
    pair text[];
BEGIN
    FOREACH pair SLICE 1 IN ARRAY ARRAY[['fluxbase_caller_anon', 'anon'],
                                       ['fluxbase_caller_authenticated', 'authenticated'],
                                       ['fluxbase_caller_service_role', 'service_role']] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = pair[1]) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN NOINHERIT', pair[1]);
        END IF;
        EXECUTE format('GRANT %I TO %I', pair[2], pair[1]);
    END LOOP;
END
$$;

CREATE TABLE fluxbase.caller_logins (
    login    TEXT PRIMARY KEY,
    key_role TEXT NOT NULL UNIQUE,
    password TEXT NOT NULL
);

-- SHA-256 digests of the running nodes' gate keys. A key lives only in its node's memory and travels only as a
-- bound parameter of the node's own statements, sent after the caller's statement has finished.
CREATE TABLE fluxbase.gate_keys (
    key_digest TEXT PRIMARY KEY,
    node       TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Rows changed by callers' statements, per transaction, until the write that made them takes them (in the same
-- transaction). Unlogged: nothing here outlives its transaction.
CREATE UNLOGGED TABLE fluxbase.change_capture (
    xid         xid8   NOT NULL,
    seq         BIGSERIAL,
    table_name  TEXT   NOT NULL,
    operation   TEXT   NOT NULL,
    key_columns TEXT[] NOT NULL,
    new_rows    TEXT[],
    old_rows    TEXT[],
    PRIMARY KEY (xid, seq)
);

-- A table's name as the server shows it (TableRef.displayName): each part bare when plain, else quoted.
CREATE FUNCTION fluxbase.display_name(schema_name text, table_name text) RETURNS text
    LANGUAGE sql IMMUTABLE SET search_path = pg_catalog
AS $$
    SELECT string_agg(CASE WHEN part ~ '^[a-z_][a-z0-9_$]*$' THEN part
                           ELSE '"' || replace(part, '"', '""') || '"' END, '.' ORDER BY n)
    FROM unnest(ARRAY[schema_name, table_name]) WITH ORDINALITY AS p(part, n)
$$;

-- Statement-level, with transition tables: one capture per statement however many rows it changed. Changes made by
-- anyone but a caller login (the owner's own SQL, db apply, psql) are not calls and are not captured.
CREATE FUNCTION fluxbase.capture_changes() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    primary_key text[];
BEGIN
    IF NOT EXISTS (SELECT 1 FROM fluxbase.caller_logins WHERE login = session_user) THEN
        RETURN NULL;
    END IF;
    SELECT coalesce(array_agg(a.attname::text ORDER BY k.ord), '{}') INTO primary_key
    FROM pg_index i CROSS JOIN unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
    WHERE i.indrelid = TG_RELID AND i.indisprimary;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO fluxbase.change_capture (xid, table_name, operation, key_columns, new_rows)
        SELECT pg_current_xact_id(), fluxbase.display_name(TG_TABLE_SCHEMA, TG_TABLE_NAME), 'insert', primary_key,
               array_agg(row_to_json(n)::text)
        FROM captured_new n HAVING count(*) > 0;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO fluxbase.change_capture (xid, table_name, operation, key_columns, new_rows, old_rows)
        SELECT pg_current_xact_id(), fluxbase.display_name(TG_TABLE_SCHEMA, TG_TABLE_NAME), 'update', primary_key,
               (SELECT array_agg(row_to_json(n)::text) FROM captured_new n),
               (SELECT array_agg(row_to_json(o)::text) FROM captured_old o)
        WHERE EXISTS (SELECT 1 FROM captured_new);
    ELSE
        INSERT INTO fluxbase.change_capture (xid, table_name, operation, key_columns, old_rows)
        SELECT pg_current_xact_id(), fluxbase.display_name(TG_TABLE_SCHEMA, TG_TABLE_NAME), 'delete', primary_key,
               array_agg(row_to_json(o)::text)
        FROM captured_old o HAVING count(*) > 0;
    END IF;
    RETURN NULL;
END
$$;

-- Puts the three capture triggers on one table, unless it has them.
CREATE FUNCTION fluxbase.capture_table(target regclass) RETURNS boolean
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = target AND tgname = 'fluxbase_capture_insert') THEN
        RETURN false;
    END IF;
    EXECUTE format('CREATE TRIGGER fluxbase_capture_insert AFTER INSERT ON %s REFERENCING NEW TABLE AS captured_new'
                   ' FOR EACH STATEMENT EXECUTE FUNCTION fluxbase.capture_changes()', target);
    EXECUTE format('CREATE TRIGGER fluxbase_capture_update AFTER UPDATE ON %s REFERENCING OLD TABLE AS captured_old'
                   ' NEW TABLE AS captured_new FOR EACH STATEMENT EXECUTE FUNCTION fluxbase.capture_changes()',
                   target);
    EXECUTE format('CREATE TRIGGER fluxbase_capture_delete AFTER DELETE ON %s REFERENCING OLD TABLE AS captured_old'
                   ' FOR EACH STATEMENT EXECUTE FUNCTION fluxbase.capture_changes()', target);
    RETURN true;
END
$$;

-- Every user table this login may put triggers on: all schemas but the server's own and PostgreSQL's. Partitions
-- are covered by their partitioned table. A table that cannot take the triggers is reported and skipped.
CREATE FUNCTION fluxbase.capture_user_tables() RETURNS integer
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    target regclass;
    added  integer := 0;
BEGIN
    FOR target IN
        SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND n.nspname NOT IN ('fluxbase', 'fluxbase_gate', 'auth', 'information_schema')
          AND n.nspname NOT LIKE 'pg\_%'
          AND has_table_privilege(c.oid, 'TRIGGER')
    LOOP
        BEGIN
            IF fluxbase.capture_table(target) THEN
                added := added + 1;
            END IF;
        EXCEPTION WHEN OTHERS THEN
            RAISE WARNING 'changes to % cannot be captured for the command log: %', target, SQLERRM;
        END;
    END LOOP;
    RETURN added;
END
$$;

-- New tables get their triggers as they are created, where this login may install event triggers (a superuser,
-- as on the embedded database); elsewhere at start, after db apply, and when a table write finds them missing.
CREATE FUNCTION fluxbase.capture_new_tables() RETURNS event_trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM fluxbase.capture_user_tables();
END
$$;

DO $$
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        CREATE EVENT TRIGGER fluxbase_capture_new_tables ON ddl_command_end
            WHEN TAG IN ('CREATE TABLE', 'CREATE TABLE AS', 'SELECT INTO')
            EXECUTE FUNCTION fluxbase.capture_new_tables();
    END IF;
END
$$;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA fluxbase FROM PUBLIC;

-- The gate: the only way from a caller login into the command log.
CREATE SCHEMA fluxbase_gate;
REVOKE ALL ON SCHEMA fluxbase_gate FROM PUBLIC;

CREATE FUNCTION fluxbase.gate_check(gate_key text) RETURNS void
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM fluxbase.gate_keys
                   WHERE key_digest = encode(sha256(convert_to(gate_key, 'UTF8')), 'hex')) THEN
        RAISE EXCEPTION 'the command log gate refused this call' USING ERRCODE = '42501';
    END IF;
END
$$;
REVOKE ALL ON FUNCTION fluxbase.gate_check(text) FROM PUBLIC;

-- The changes this transaction's statements made, taken out of the capture as a JSON array, oldest first.
CREATE FUNCTION fluxbase_gate.take_changes(gate_key text) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    changes text;
BEGIN
    PERFORM fluxbase.gate_check(gate_key);
    WITH taken AS (
        DELETE FROM fluxbase.change_capture WHERE xid = pg_current_xact_id_if_assigned() RETURNING *)
    SELECT coalesce(json_agg(json_build_object('table', table_name, 'operation', operation,
               'key_columns', key_columns, 'new_rows', new_rows, 'old_rows', old_rows) ORDER BY seq), '[]')::text
    INTO changes FROM taken;
    RETURN changes;
END
$$;

-- Appends events the node serialised (non-aggregate events, as Axon stores them) in the caller's transaction.
CREATE FUNCTION fluxbase_gate.append_events(gate_key text, event_ids text[], payload_types text[],
        payload_revisions text[], payloads text[], meta_data text[], time_stamps text[]) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM fluxbase.gate_check(gate_key);
    INSERT INTO fluxbase.domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
        meta_data, payload, payload_revision, payload_type, time_stamp)
    SELECT e.id, 0, NULL, e.id, convert_to(e.meta, 'UTF8'), convert_to(e.payload, 'UTF8'), e.revision, e.type, e.ts
    FROM unnest(event_ids, payload_types, payload_revisions, payloads, meta_data, time_stamps)
         WITH ORDINALITY AS e(id, type, revision, payload, meta, ts, n)
    ORDER BY e.n;
END
$$;

-- What a caller's transaction may leave on its connection beyond its end: cursors, LISTEN, session advisory locks,
-- SQL prepared statements, temporary tables, sequence state. Settings are reset by RESET ALL and RESET ROLE, which
-- run first. Prepared statements made through the protocol (the driver's own) are kept.
CREATE FUNCTION fluxbase_gate.reset_session() RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    statement_name text;
BEGIN
    EXECUTE 'CLOSE ALL';
    EXECUTE 'UNLISTEN *';
    PERFORM pg_advisory_unlock_all();
    FOR statement_name IN SELECT name FROM pg_prepared_statements WHERE from_sql LOOP
        EXECUTE format('DEALLOCATE %I', statement_name);
    END LOOP;
    EXECUTE 'DISCARD TEMP';
    EXECUTE 'DISCARD SEQUENCES';
END
$$;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA fluxbase_gate FROM PUBLIC;
GRANT USAGE ON SCHEMA fluxbase_gate
    TO fluxbase_caller_anon, fluxbase_caller_authenticated, fluxbase_caller_service_role;
GRANT EXECUTE ON FUNCTION fluxbase_gate.take_changes(text), fluxbase_gate.reset_session(),
    fluxbase_gate.append_events(text, text[], text[], text[], text[], text[], text[])
    TO fluxbase_caller_anon, fluxbase_caller_authenticated, fluxbase_caller_service_role;
