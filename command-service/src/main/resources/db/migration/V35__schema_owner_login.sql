-- db apply runs as a login of its own that owns the user's schema and has no privilege at all on the server's
-- (fluxbase, fluxbase_gate, fluxbase_storage): the command log, read models, keys and logins are out of its reach
-- whatever SQL it is given, however the names are built. It cannot change roles either: no CREATEROLE, no
-- membership in any role. The server's login is a member, so it still reaches what the user creates (change-capture
-- triggers, ownership). Its password is set by the server at each start (CallerIsolation) and kept below.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'fluxbase_schema_owner') THEN
        CREATE ROLE fluxbase_schema_owner NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
            INHERIT;
    END IF;
END
$$;
GRANT fluxbase_schema_owner TO CURRENT_USER;

CREATE TABLE fluxbase.schema_owner_login (
    login    TEXT PRIMARY KEY,
    password TEXT NOT NULL
);

DO $$
BEGIN
    EXECUTE format('GRANT CONNECT, CREATE, TEMPORARY ON DATABASE %I TO fluxbase_schema_owner', current_database());
END
$$;
GRANT USAGE, CREATE ON SCHEMA public TO fluxbase_schema_owner;
GRANT USAGE ON SCHEMA auth, storage TO fluxbase_schema_owner;
GRANT EXECUTE ON FUNCTION auth.jwt(), auth.uid(), auth.role() TO fluxbase_schema_owner;

-- What the owner creates in public is open to the key roles, as what the server's login created was (V2); row-level
-- security decides the rows.
ALTER DEFAULT PRIVILEGES FOR ROLE fluxbase_schema_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE fluxbase_schema_owner IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE fluxbase_schema_owner IN SCHEMA public
    GRANT EXECUTE ON FUNCTIONS TO anon, authenticated, service_role;

-- What earlier db apply runs created as the server's login now belongs to the schema owner, so later scripts can
-- alter and drop it; storage's tables too, so a project's storage policies can be written. The server's schemas and
-- storage's functions stay the server's.
DO $$
DECLARE
    target record;
    me     oid := (SELECT oid FROM pg_roles WHERE rolname = current_user);
    -- the server's schemas, which keep their owner; storage's functions stay the server's too
    kept   text[] := ARRAY['fluxbase', 'fluxbase_gate', 'fluxbase_storage', 'auth', 'information_schema'];
BEGIN
    FOR target IN
        SELECT format('SCHEMA %I', n.nspname) AS object FROM pg_namespace n
        WHERE n.nspowner = me AND n.nspname <> ALL (kept || ARRAY['storage', 'public'])
          AND n.nspname NOT LIKE 'pg\_%'
        UNION ALL
        SELECT format('%s %s', CASE c.relkind WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, c.oid::regclass)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relowner = me AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
          AND n.nspname <> ALL (kept) AND n.nspname NOT LIKE 'pg\_%'
          -- a sequence that belongs to a column follows its table
          AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid
                                               AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')))
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
        UNION ALL
        SELECT format('ROUTINE %s', p.oid::regprocedure) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE p.proowner = me AND n.nspname <> ALL (kept || ARRAY['storage']) AND n.nspname NOT LIKE 'pg\_%'
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
        UNION ALL
        SELECT format('%s %s', CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, t.oid::regtype)
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE t.typowner = me AND n.nspname <> ALL (kept || ARRAY['storage']) AND n.nspname NOT LIKE 'pg\_%'
          AND (t.typtype IN ('e', 'd', 'r')
               OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))
    LOOP
        EXECUTE format('ALTER %s OWNER TO fluxbase_schema_owner', target.object);
    END LOOP;
END
$$;
