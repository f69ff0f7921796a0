-- The change capture and the vector queue are SECURITY DEFINER: they run as the server's login, whose rights reach the
-- command log. They turn rows into JSON, and row_to_json/to_jsonb call a type's cast to json or jsonb when the type is
-- not built in and has one made with a function: a project that made a type and such a cast (db apply may, it owns its
-- types) had that function run as the server's login at every recorded write, free to read or rewrite the log. Such a
-- cast is now found before any row is turned into JSON, and the write is refused naming the type and the cast (SQLSTATE
-- FBCST); nothing runs with the server's rights. The check costs one look at pg_cast's index for any cast not built
-- in, which most projects have none of; only when there is one to json, made with a project's function, are the
-- table's column types walked.

-- The first cast to json or jsonb made with a project's function that turning a row of `target` into JSON would call:
-- from the type of a column, of an array's elements, of a domain's base or of a composite's field, at any depth; NULL
-- when none. Casts made with C functions (an extension's, such as PostGIS's or hstore's) are a superuser's doing and
-- left alone; a project cannot make C functions.
CREATE FUNCTION fluxbase.json_cast_reached(target regclass) RETURNS text
    LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
AS $$
    WITH RECURSIVE project_casts AS MATERIALIZED (
        SELECT c.castsource, c.casttarget, c.castfunc
        FROM pg_cast c JOIN pg_proc p ON p.oid = c.castfunc JOIN pg_language l ON l.oid = p.prolang
        WHERE c.castsource >= 16384 AND c.casttarget IN ('json'::regtype, 'jsonb'::regtype) AND c.castmethod = 'f'
          AND l.lanname NOT IN ('c', 'internal')
    ), reached(type_oid) AS (
        SELECT a.atttypid FROM pg_attribute a
        WHERE EXISTS (SELECT FROM project_casts) AND a.attrelid = target AND a.attnum > 0 AND NOT a.attisdropped
        UNION
        SELECT inner_type.oid
        FROM reached JOIN pg_type t ON t.oid = reached.type_oid
        CROSS JOIN LATERAL (
            SELECT t.typbasetype WHERE t.typtype = 'd'
            UNION ALL
            SELECT t.typelem WHERE t.typelem <> 0
            UNION ALL
            SELECT f.atttypid FROM pg_attribute f
            WHERE t.typtype = 'c' AND f.attrelid = t.typrelid AND f.attnum > 0 AND NOT f.attisdropped
        ) AS inner_type(oid)
    )
    SELECT format('type %s has a cast to %s made with the function %s', c.castsource::regtype,
                  c.casttarget::regtype, c.castfunc::regprocedure)
    FROM reached JOIN project_casts c ON c.castsource = reached.type_oid
    ORDER BY c.castsource, c.casttarget
    LIMIT 1
$$;
REVOKE ALL ON FUNCTION fluxbase.json_cast_reached(regclass) FROM PUBLIC;

CREATE FUNCTION fluxbase.refuse_json_casts(target regclass) RETURNS void
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    reached text := fluxbase.json_cast_reached(target);
BEGIN
    IF reached IS NOT NULL THEN
        RAISE EXCEPTION 'the rows of % cannot be recorded: %, which would run with the server''s rights as they are'
            ' turned into JSON; drop the cast, or make it WITH INOUT (JSON then holds the type''s own text)',
            (SELECT fluxbase.display_name(n.nspname, c.relname)
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = target),
            reached USING ERRCODE = 'FBCST';
    END IF;
END
$$;
REVOKE ALL ON FUNCTION fluxbase.refuse_json_casts(regclass) FROM PUBLIC;

-- V57's function, with the check before the rows are turned into JSON.
CREATE OR REPLACE FUNCTION fluxbase.capture_changes() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    primary_key text[];
    casts_made  boolean;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM fluxbase.caller_logins WHERE login = session_user) THEN
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT 1 FROM fluxbase.changes_taken
               WHERE backend = pg_backend_pid() AND xid = pg_current_xact_id_if_assigned()) THEN
        RAISE EXCEPTION '% was changed after the write''s statements were done, by deferred work that deferred itself'
            ' again', fluxbase.display_name(TG_TABLE_SCHEMA, TG_TABLE_NAME) USING ERRCODE = 'FBLAT';
    END IF;
    -- whether the project made any cast at all (pg_cast's newest source, from its index), in a query made anyway
    SELECT coalesce(array_agg(a.attname::text ORDER BY k.ord), '{}'), (SELECT max(castsource) FROM pg_cast) >= 16384
    INTO primary_key, casts_made
    FROM pg_index i CROSS JOIN unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
    WHERE i.indrelid = TG_RELID AND i.indisprimary;
    IF casts_made THEN
        PERFORM fluxbase.refuse_json_casts(TG_RELID);
    END IF;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO fluxbase.change_capture (xid, table_name, operation, key_columns, new_rows)
        SELECT pg_current_xact_id(), fluxbase.display_name(TG_TABLE_SCHEMA, TG_TABLE_NAME), 'insert', primary_key,
               array_agg(row_to_json(captured_new_row.*)::text)
        FROM captured_new AS captured_new_row HAVING count(*) > 0;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO fluxbase.change_capture (xid, table_name, operation, key_columns, new_rows, old_rows)
        SELECT pg_current_xact_id(), fluxbase.display_name(TG_TABLE_SCHEMA, TG_TABLE_NAME), 'update', primary_key,
               (SELECT array_agg(row_to_json(captured_new_row.*)::text) FROM captured_new AS captured_new_row),
               (SELECT array_agg(row_to_json(captured_old_row.*)::text) FROM captured_old AS captured_old_row)
        WHERE EXISTS (SELECT 1 FROM captured_new);
    ELSE
        INSERT INTO fluxbase.change_capture (xid, table_name, operation, key_columns, old_rows)
        SELECT pg_current_xact_id(), fluxbase.display_name(TG_TABLE_SCHEMA, TG_TABLE_NAME), 'delete', primary_key,
               array_agg(row_to_json(captured_old_row.*)::text)
        FROM captured_old AS captured_old_row HAVING count(*) > 0;
    END IF;
    RETURN NULL;
END
$$;

-- V62's function, with the same check for each table made.
CREATE OR REPLACE FUNCTION fluxbase.capture_tables_made_with_rows() RETURNS event_trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    made record;
BEGIN
    IF NOT fluxbase.in_a_call() THEN
        RETURN;
    END IF;
    FOR made IN
        SELECT c.objid::regclass AS target, n.nspname AS schema_name, r.relname AS table_name
        FROM pg_event_trigger_ddl_commands() c
        JOIN pg_class r ON r.oid = c.objid JOIN pg_namespace n ON n.oid = r.relnamespace
        WHERE c.classid = 'pg_class'::regclass AND c.objsubid = 0 AND r.relkind IN ('r', 'p')
          AND r.relpersistence <> 't'
    LOOP
        PERFORM fluxbase.refuse_json_casts(made.target);
        EXECUTE format('INSERT INTO fluxbase.change_capture (xid, table_name, operation, key_columns, new_rows)'
                       ' SELECT pg_current_xact_id(), $1, ''insert'', ''{}'', array_agg(row_to_json(made_row.*)::text)'
                       ' FROM %s AS made_row HAVING count(*) > 0', made.target)
            USING fluxbase.display_name(made.schema_name, made.table_name);
    END LOOP;
END
$$;

-- V42's function, with the same check: it reads each row's key through to_jsonb.
CREATE OR REPLACE FUNCTION fluxbase.vector_enqueue() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF (SELECT max(castsource) FROM pg_cast) >= 16384 THEN
        PERFORM fluxbase.refuse_json_casts(TG_RELID);
    END IF;
    IF EXISTS (SELECT 1 FROM fluxbase.caller_logins WHERE login = session_user)
       AND EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = TG_RELID AND tgname = 'fluxbase_capture_insert') THEN
        IF TG_OP = 'UPDATE' THEN
            INSERT INTO fluxbase.vector_queue AS q (table_name, row_key)
            SELECT DISTINCT TG_ARGV[0], to_jsonb(vector_old_row.*) ->> TG_ARGV[1] FROM vector_old AS vector_old_row
            WHERE NOT EXISTS (SELECT 1 FROM vector_new AS vector_new_row
                              WHERE to_jsonb(vector_new_row.*) ->> TG_ARGV[1]
                                    = to_jsonb(vector_old_row.*) ->> TG_ARGV[1])
            ON CONFLICT (table_name, row_key) DO UPDATE SET queued_at = clock_timestamp();
        END IF;
        RETURN NULL;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO fluxbase.vector_queue AS q (table_name, row_key)
        SELECT DISTINCT TG_ARGV[0], to_jsonb(vector_new_row.*) ->> TG_ARGV[1] FROM vector_new AS vector_new_row
        ON CONFLICT (table_name, row_key) DO UPDATE SET queued_at = clock_timestamp();
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO fluxbase.vector_queue AS q (table_name, row_key)
        SELECT DISTINCT TG_ARGV[0], to_jsonb(vector_old_row.*) ->> TG_ARGV[1] FROM vector_old AS vector_old_row
        ON CONFLICT (table_name, row_key) DO UPDATE SET queued_at = clock_timestamp();
    END IF;
    RETURN NULL;
END
$$;
