package io.fluxbase.mcp.kernel.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AppliedSqlGuardTest {

    private static Optional<String> refusal(String script) {
        return AppliedSqlGuard.refusal(SqlScript.split(script), "postgres");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "UPDATE fluxbase.domain_event_entry SET payload = NULL",
            "DROP TABLE fluxbase.audit_log",
            "DELETE FROM \"fluxbase\".audit_log",
            "DELETE FROM \"FLUXBASE\".audit_log",
            "delete from FluxBase . audit_log",
            "SET search_path = fluxbase; DELETE FROM domain_event_entry",
            "SELECT set_config('search_path', 'fluxbase', false)",
            "DO $$ BEGIN EXECUTE 'TRUNCATE fluxbase.audit_log'; END $$",
            "DO $x$ BEGIN DELETE FROM fluxbase.key_registry; END $x$",
            "CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $$ DELETE FROM fluxbase.row_history $$",
            "SELECT fluxbase_gate.take_changes('x')",
            "TRUNCATE fluxbase_storage.contents",
            "GRANT fluxbase_schema_owner TO anon",
            "ALTER TABLE public.t OWNER TO postgres",
            "SELECT * FROM E'fluxbase'"})
    void refusesWhatNamesTheServersSchemasOrLogins(String script) {
        assertThat(refusal(script)).get().asString().contains("belongs to the server").contains("nothing was applied");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ALTER ROLE anon SET search_path = public",
            "alter user anon with superuser",
            "CREATE ROLE intruder LOGIN",
            "DROP ROLE anon",
            "SET ROLE service_role",
            "SET LOCAL ROLE service_role",
            "RESET ROLE",
            "SET SESSION AUTHORIZATION postgres",
            "REASSIGN OWNED BY anon TO service_role",
            "DO $$ BEGIN ALTER ROLE anon BYPASSRLS; END $$",
            "DO $$ BEGIN EXECUTE 'alter role anon bypassrls'; END $$",
            "SELECT set_config('role', 'service_role', false)"})
    void refusesRoleAndIdentityChanges(String script) {
        assertThat(refusal(script)).get().asString().contains("changes database roles");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "CREATE TABLE public.members (id int PRIMARY KEY, role text, fluxbase_ref text)",
            "UPDATE public.members SET role = 'admin' WHERE id = 1",
            "INSERT INTO public.members VALUES (1, 'reader') ON CONFLICT (id) DO UPDATE SET role = excluded.role",
            "CREATE POLICY p ON public.members TO authenticated USING (role = auth.role())",
            "CREATE POLICY \"own folder\" ON storage.objects FOR ALL USING (auth.uid()::text = owner::text)",
            "-- fluxbase.audit_log is mentioned only in a comment\nSELECT 1",
            "GRANT SELECT ON public.members TO anon",
            "CREATE FUNCTION public.act_as(r text) RETURNS void LANGUAGE plpgsql AS $$ BEGIN"
                    + " PERFORM set_config('role', r, true); EXECUTE 'SET ROLE ' || r; END $$"})
    void letsOrdinarySchemaWorkThrough(String script) {
        assertThat(refusal(script)).isEmpty();
    }
}
