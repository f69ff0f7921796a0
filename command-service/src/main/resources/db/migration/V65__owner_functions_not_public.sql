-- PostgreSQL lets PUBLIC execute every new function. What the schema owner makes is granted to the three key roles
-- (V35), so a project that takes a function from a key role (REVOKE EXECUTE ... FROM anon) meant it to be gone for
-- that role; with PUBLIC still holding EXECUTE, the key kept calling it through invoke_rpc. From now on PUBLIC gets
-- nothing from the owner's functions, the key roles get them in every schema (not only public, as PUBLIC did), and
-- the owner's existing functions go the same way: those never granted or revoked (no ACL yet) are granted to the
-- key roles, and PUBLIC loses EXECUTE on all of them. Extensions' functions stay as their scripts made them.
ALTER DEFAULT PRIVILEGES FOR ROLE fluxbase_schema_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE fluxbase_schema_owner GRANT EXECUTE ON FUNCTIONS TO anon, authenticated, service_role;

DO $$
DECLARE
    routine record;
BEGIN
    FOR routine IN
        SELECT p.oid::regprocedure AS signature, p.proacl IS NULL AS untouched
        FROM pg_proc p
        WHERE p.proowner = (SELECT oid FROM pg_roles WHERE rolname = 'fluxbase_schema_owner')
          AND (p.proacl IS NULL
               OR EXISTS (SELECT 1 FROM aclexplode(p.proacl) a WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE'))
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                          AND d.deptype = 'e')
    LOOP
        IF routine.untouched THEN
            EXECUTE format('GRANT EXECUTE ON ROUTINE %s TO anon, authenticated, service_role', routine.signature);
        END IF;
        EXECUTE format('REVOKE EXECUTE ON ROUTINE %s FROM PUBLIC', routine.signature);
    END LOOP;
END
$$;
