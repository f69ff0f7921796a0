package io.fluxbase.mcp.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.server.FluxbaseServer;
import io.fluxbase.mcp.server.ServerOptions;
import io.fluxbase.mcp.support.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database made before the schema owner's functions were taken from PUBLIC: on the next start, a function never
 * granted or revoked keeps the key roles (now by name), one taken from a key role stays taken, and PUBLIC executes
 * neither. (invoke_rpc lists and calls what {@code has_function_privilege} allows the key's role.)
 */
class OwnerFunctionsLeavePublicIntegrationTest {

    @TempDir
    Path dataDir;

    @Test
    void anEarlierDatabasesFunctionsLeavePublicAndKeepTheKeyRolesTheyHad() throws Exception {
        try (FluxbaseServer earlier = start()) {
            apply(earlier, """
                    CREATE FUNCTION public.untouched() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
                    CREATE FUNCTION public.staff_only() RETURNS int LANGUAGE sql AS $$ SELECT 2 $$;
                    REVOKE EXECUTE ON FUNCTION public.staff_only() FROM anon, authenticated;
                    """);
            // as they were before: PUBLIC executes both, and the first has the ACL of a function never touched
            execute(earlier, "GRANT EXECUTE ON FUNCTION public.staff_only() TO PUBLIC;"
                    + " UPDATE pg_catalog.pg_proc SET proacl = NULL WHERE oid = 'public.untouched()'::regprocedure;"
                    + " DELETE FROM fluxbase.flyway_schema_history WHERE version = '65'");
            assertThat(executes(earlier, "anon", "public.staff_only()")).as("the hole, as it was").isTrue();
        }
        try (FluxbaseServer later = start()) {
            for (String role : new String[] {"anon", "authenticated", "service_role"}) {
                assertThat(executes(later, role, "public.untouched()")).as(role).isTrue();
            }
            assertThat(executes(later, "anon", "public.staff_only()")).isFalse();
            assertThat(executes(later, "authenticated", "public.staff_only()")).isFalse();
            assertThat(executes(later, "service_role", "public.staff_only()")).isTrue();
            assertThat(count(later, "SELECT count(*) FROM pg_proc p, aclexplode(p.proacl) a WHERE p.pronamespace"
                    + " = 'public'::regnamespace AND a.grantee = 0")).as("PUBLIC's grants").isZero();
        }
    }

    private FluxbaseServer start() {
        return FluxbaseServer.start(new ServerOptions(dataDir, "127.0.0.1", 0, null, Map.of(), false));
    }

    private static void apply(FluxbaseServer server, String sql) throws IOException, InterruptedException {
        HttpResponse<String> applied = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(server.baseUrl() + "/admin/v1/db/apply"))
                .header("Authorization", "Bearer " + server.adminToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(TestServer.JSON.writeValueAsString(Map.of("sql", sql))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
    }

    private static boolean executes(FluxbaseServer server, String role, String function) throws SQLException {
        return count(server, "SELECT count(*) FROM pg_catalog.pg_proc WHERE has_function_privilege('" + role + "', '"
                + function + "', 'EXECUTE') AND oid = '" + function + "'::regprocedure") == 1;
    }

    private static long count(FluxbaseServer server, String sql) throws SQLException {
        try (Connection connection = connect(server); ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void execute(FluxbaseServer server, String sql) throws SQLException {
        try (Connection connection = connect(server)) {
            connection.createStatement().execute(sql);
        }
    }

    private static Connection connect(FluxbaseServer server) throws SQLException {
        var url = server.database();
        return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
    }
}
