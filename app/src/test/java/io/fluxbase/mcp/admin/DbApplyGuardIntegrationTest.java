package io.fluxbase.mcp.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.support.TestServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code db apply} cannot touch the server's own schema (the command log, read models, keys, logins) nor change
 * roles: named, it is refused before anything runs; built at run time, the database refuses it, because applied SQL
 * runs as a login with no privilege there. Either way nothing of the script is applied and the log is as it was.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DbApplyGuardIntegrationTest {

    TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start();
        server.applySql("CREATE TABLE public.notes (id int PRIMARY KEY, body text)");
        server.createKey("witness", "service", "read:tables");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "UPDATE fluxbase.domain_event_entry SET payload = NULL",
            "DROP TABLE fluxbase.audit_log",
            "DELETE FROM \"fluxbase\".key_registry",
            "DELETE FROM \"FLUXBASE\".audit_log",
            "SET search_path = fluxbase; DELETE FROM domain_event_entry",
            "DO $$ BEGIN EXECUTE 'TRUNCATE fluxbase.audit_log'; END $$",
            "DELETE FROM fluxbase.admin_token",
            "ALTER TABLE public.notes DISABLE TRIGGER fluxbase_capture_insert",
            "ALTER ROLE anon BYPASSRLS",
            "ALTER ROLE fluxbase_caller_anon SET search_path = fluxbase",
            "CREATE ROLE intruder SUPERUSER LOGIN PASSWORD 'x'",
            "SET ROLE postgres; DELETE FROM fluxbase.audit_log",
            "RESET ROLE"})
    void namingTheServersSchemaOrRolesIsRefusedBeforeAnythingRuns(String attack) {
        long position = position();
        String before = logDigest(position);
        String refusal = refused("CREATE TABLE public.half_applied (id int);\n" + attack);
        assertThat(refusal).contains("db apply refused statement 2 (line 2)").contains("nothing was applied");
        assertThat(server.count("SELECT count(*) FROM pg_tables WHERE tablename = 'half_applied'")).isZero();
        assertThat(logDigest(position)).isEqualTo(before);
        TestServer.await("the refusal's admin record", () -> server.count("SELECT count(*) FROM fluxbase.audit_log"
                + " WHERE global_index > ? AND category = 'admin' AND method = 'db.apply' AND outcome = 'denied'",
                position) == 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "DO $$ BEGIN EXECUTE 'DELETE FROM ' || 'flux' || 'base.domain_event_entry'; END $$",
            "DO $$ BEGIN EXECUTE format('DROP TABLE %I.audit_log', 'flux' || 'base'); END $$",
            "DO $$ BEGIN EXECUTE 'ALTER ' || 'ROLE anon BYPASSRLS'; END $$",
            "DO $$ BEGIN EXECUTE 'SET ' || 'ROLE service_role'; EXECUTE 'CREATE TABLE public.as_service (id int)'; END $$",
            "DO $$ BEGIN EXECUTE 'GRANT ' || 'service_role TO anon'; END $$",
            "CREATE FUNCTION public.steal() RETURNS bigint LANGUAGE sql SECURITY DEFINER"
                    + " AS 'SELECT 1'; DO $$ BEGIN PERFORM set_config('search_path', 'flux' || 'base', true);"
                    + " EXECUTE 'DELETE FROM domain_event_entry'; END $$"})
    void namesBuiltAtRunTimeAreRefusedByTheDatabase(String attack) {
        long position = position();
        String before = logDigest(position);
        String refusal = refused("CREATE TABLE public.half_applied (id int);\n" + attack);
        assertThat(refusal).containsPattern("permission denied|must be|must have|does not exist")
                .contains("nothing was applied");
        assertThat(server.count("SELECT count(*) FROM pg_tables WHERE tablename IN ('half_applied', 'as_service')"))
                .isZero();
        assertThat(server.count("SELECT count(*) FROM pg_roles WHERE rolname = 'anon' AND rolbypassrls")).isZero();
        assertThat(server.count("SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid"
                + " JOIN pg_roles g ON g.oid = m.member WHERE r.rolname = 'service_role' AND g.rolname = 'anon'"))
                .isZero();
        assertThat(logDigest(position)).isEqualTo(before);
    }

    @Test
    void theSchemaOwnerLoginHoldsNothingOnTheServersSchemas() {
        assertThat(server.count("""
                SELECT count(*) FROM pg_namespace n
                WHERE n.nspname IN ('fluxbase', 'fluxbase_gate', 'fluxbase_storage')
                  AND (has_schema_privilege('fluxbase_schema_owner', n.oid, 'USAGE')
                       OR has_schema_privilege('fluxbase_schema_owner', n.oid, 'CREATE'))""")).isZero();
        assertThat(server.rows("SELECT rolsuper, rolcreaterole, rolbypassrls FROM pg_roles"
                + " WHERE rolname = 'fluxbase_schema_owner'")).containsExactly(
                Map.of("rolsuper", false, "rolcreaterole", false, "rolbypassrls", false));
    }

    @Test
    void aScriptThatChangesItsOwnLoginDoesNotMakeItStick() {
        // PostgreSQL lets any role change its own password: the server sets it again, so db apply keeps working
        server.applySql("DO $$ BEGIN EXECUTE 'ALTER ' || 'USER CURRENT_USER PASSWORD ''guessed''';"
                + " EXECUTE 'ALTER ' || 'USER CURRENT_USER SET statement_timeout = 1'; END $$");
        server.applySql("CREATE TABLE public.after_self_change (id int PRIMARY KEY)");
        assertThat(server.count("SELECT count(*) FROM pg_tables WHERE tablename = 'after_self_change'")).isOne();
    }

    @Test
    void ordinarySchemaStillApplies() {
        server.applySql("""
                CREATE TABLE public.members (id int PRIMARY KEY, role text, user_id uuid);
                ALTER TABLE public.members ENABLE ROW LEVEL SECURITY;
                CREATE POLICY "own rows" ON public.members FOR SELECT USING (auth.uid() = user_id);
                UPDATE public.members SET role = 'reader' WHERE id = 0;
                CREATE FUNCTION public.member_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM public.members';
                CREATE POLICY "own folder" ON storage.objects FOR SELECT USING (auth.uid() = owner);
                ALTER TABLE public.notes ADD COLUMN tag text;
                DROP TABLE public.members CASCADE;
                """);
        assertThat(server.count("SELECT count(*) FROM pg_policies WHERE policyname = 'own folder'")).isOne();
        assertThat(server.count("SELECT count(*) FROM information_schema.columns WHERE table_name = 'notes'"
                + " AND column_name = 'tag'")).isOne();
    }

    private String refused(String sql) {
        HttpResponse<String> response = server.adminRaw("POST", "/admin/v1/db/apply", Map.of("sql", sql));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        return response.body();
    }

    /** The log's last position, once the audit log shows every record up to it. */
    private long position() {
        long position = server.count("SELECT max(global_index) FROM fluxbase.domain_event_entry");
        TestServer.await("the audit log to catch up", () -> server.count("SELECT count(*) FROM"
                + " fluxbase.domain_event_entry WHERE global_index <= ? AND payload_type LIKE '%CallRecordedEvent'",
                position) == server.count("SELECT count(*) FROM fluxbase.audit_log WHERE global_index <= ?", position));
        return position;
    }

    /**
     * Every event stored up to {@code position} and its audit record, and the server's tables, as one digest. The
     * attempt itself is appended after it, as an admin record.
     */
    private String logDigest(long position) {
        List<Map<String, Object>> rows = server.rows("""
                SELECT (SELECT md5(coalesce(string_agg(global_index || ':' || encode(payload, 'hex'), ','
                                   ORDER BY global_index), '')) FROM fluxbase.domain_event_entry
                        WHERE global_index <= ?) AS events,
                       (SELECT md5(coalesce(string_agg(a::text, ',' ORDER BY a::text), '')) FROM fluxbase.audit_log a
                        WHERE global_index <= ?) AS audit,
                       (SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables
                        WHERE schemaname = 'fluxbase') AS tables""", position, position);
        return rows.getFirst().toString();
    }
}
