-- The session reset runs at the end of every caller transaction, so it does its work with static statements
-- (planned once per connection) rather than EXECUTE (parsed every time), and names pg_catalog itself instead of
-- setting search_path per call. It runs after RESET ALL and RESET ROLE, as the caller login, with nothing to gain.
CREATE OR REPLACE FUNCTION fluxbase_gate.reset_session() RETURNS void
    LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM fluxbase_gate.reset_read_session();
    DISCARD TEMP;
    DISCARD SEQUENCES;
END
$$;

-- What a read-only transaction can leave behind: cursors, LISTEN, session advisory locks and SQL prepared statements.
-- It cannot create temporary tables or sequences, nor advance a sequence, so there is nothing to discard of those.
CREATE FUNCTION fluxbase_gate.reset_read_session() RETURNS void
    LANGUAGE plpgsql
AS $$
DECLARE
    statement_name text;
BEGIN
    EXECUTE 'CLOSE ALL'; -- PL/pgSQL's own CLOSE names one of its cursors
    UNLISTEN *;
    PERFORM pg_catalog.pg_advisory_unlock_all();
    FOR statement_name IN SELECT s.name FROM pg_catalog.pg_prepared_statements s WHERE s.from_sql LOOP
        EXECUTE pg_catalog.format('DEALLOCATE %I', statement_name);
    END LOOP;
END
$$;

REVOKE ALL ON FUNCTION fluxbase_gate.reset_read_session() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fluxbase_gate.reset_read_session()
    TO fluxbase_caller_anon, fluxbase_caller_authenticated, fluxbase_caller_service_role;
