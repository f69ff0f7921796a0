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
BEGIN
    FOR target IN
        SELECT n.nspname FROM pg_namespace n
        WHERE n.nspowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
          AND n.nspname NOT IN ('fluxbase', 'fluxbase_gate', 'fluxbase_storage', 'auth', 'storage', 'public',
                                'information_schema')
          AND n.nspname NOT LIKE 'pg\_%'
    LOOP
        EXECUTE format('ALTER SCHEMA %I OWNER TO fluxbase_schema_owner', target.nspname);
    END LOOP;
    FOR target IN
        SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
          AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
          AND n.nspname NOT IN ('fluxbase', 'fluxbase_gate', 'fluxbase_storage', 'auth', 'information_schema')
          AND n.nspname NOT LIKE 'pg\_%'
          -- a sequence that belongs to a column follows its table
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.classid = 'pg_class'::regclass
                          AND d.deptype IN ('a', 'i') AND c.relkind = 'S')
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
    LOOP
        EXECUTE format('ALTER TABLE %s OWNER TO fluxbase_schema_owner', target.name);
    END LOOP;
    FOR target IN
        SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE p.proowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
          AND n.nspname NOT IN ('fluxbase', 'fluxbase_gate', 'fluxbase_storage', 'auth', 'storage',
                                'information_schema')
          AND n.nspname NOT LIKE 'pg\_%'
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
    LOOP
        EXECUTE format('ALTER ROUTINE %s OWNER TO fluxbase_schema_owner', target.name);
    END LOOP;
    FOR target IN
        SELECT t.oid::regtype AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE t.typowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
          AND (t.typtype IN ('e', 'd', 'r')
               OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))
          AND n.nspname NOT IN ('fluxbase', 'fluxbase_gate', 'fluxbase_storage', 'auth', 'storage',
                                'information_schema')
          AND n.nspname NOT LIKE 'pg\_%'
    LOOP
        EXECUTE format('ALTER TYPE %s OWNER TO fluxbase_schema_owner', target.name);
    END LOOP;
END
$$;
