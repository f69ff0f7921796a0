package io.fluxbase.mcp.cli;

import static io.fluxbase.mcp.support.FluxbaseCommand.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.support.FluxbaseCommand;
import io.fluxbase.mcp.support.FluxbaseCommand.Run;
import io.fluxbase.mcp.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The fluxbase command against a real server, finding it through the data directory as a user's shell would. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FluxbaseCliIntegrationTest {

    TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    Run fluxbase(String... args) {
        return FluxbaseCommand.run(server, args);
    }

    @Test
    @SuppressWarnings("unchecked")
    void managesAKeyThroughItsWholeLife() {
        Map<String, Object> created = json(fluxbase("clientkeys", "create", "--name", "cli-bot", "--type", "anon",
                "--scopes", "read:tables,read:schema", "--rate-limit", "50", "--expires", "30d", "-o", "json"));
        String id = (String) created.get("id");
        String secret = (String) created.get("key");
        assertThat(secret).startsWith("fbk_");
        assertThat(created).containsEntry("status", "active").containsEntry("rate_limit_per_min", 50);
        assertThat((List<String>) created.get("scopes")).containsExactly("read:schema", "read:tables");

        Run table = fluxbase("clientkeys", "list");
        assertThat(table.exit()).isZero();
        assertThat(table.out()).contains("ID").contains(id).contains("cli-bot").contains("active");
        assertThat(table.out()).doesNotContain(secret);

        server.client(secret).listTools();
        TestServer.await("last use to show", () ->
                json(fluxbase("clientkeys", "get", id, "-o", "json")).get("last_used_at") != null);

        Map<String, Object> rotated = json(fluxbase("clientkeys", "rotate", id, "-o", "json"));
        assertThat((String) rotated.get("key")).startsWith("fbk_").isNotEqualTo(secret);

        Map<String, Object> revoked = json(fluxbase("clientkeys", "revoke", id, "-o", "json"));
        assertThat(revoked).containsEntry("status", "revoked");
        Run again = fluxbase("clientkeys", "revoke", id);
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("already revoked");
    }

    @Test
    void refusesUnknownScopesAndTypesListingTheValidOnes() {
        Run scope = fluxbase("clientkeys", "create", "--name", "x", "--type", "anon", "--scopes", "read:everything");
        assertThat(scope.exit()).isEqualTo(2);
        assertThat(scope.err()).contains("read:everything").contains("read:tables").contains("read:audit");
        Run type = fluxbase("clientkeys", "create", "--name", "x", "--type", "admin", "--scopes", "read:tables");
        assertThat(type.exit()).isEqualTo(2);
        assertThat(type.err()).contains("anon").contains("service");
        Run unknown = fluxbase("clientkeys", "get", "ck_doesnotexist");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("ck_doesnotexist");
    }

    @Test
    @SuppressWarnings("unchecked")
    void listsTheAuditLogInEveryFormat() {
        Map<String, Object> created = json(fluxbase("clientkeys", "create", "--name", "audited", "--type", "service",
                "--scopes", "read:tables", "-o", "json"));
        String id = (String) created.get("id");
        server.client((String) created.get("key")).listTools();
        TestServer.await("the calls to reach the audit log", () ->
                ((List<Object>) json(fluxbase("logs", "list", "--since", "10m", "--key", id, "-o", "json"))
                        .get("records")).size() >= 3);

        List<Map<String, Object>> records = (List<Map<String, Object>>) json(
                fluxbase("logs", "list", "--since", "10m", "--key", id, "-o", "json")).get("records");
        assertThat(records).extracting(r -> r.get("method")).contains("initialize", "tools/list");
        assertThat(records.get(0).get("time").toString()).isGreaterThanOrEqualTo(
                records.get(records.size() - 1).get("time").toString());

        Run csv = fluxbase("logs", "list", "--since", "10m", "--key", id, "--status", "ok", "-o", "csv");
        assertThat(csv.exit()).isZero();
        assertThat(csv.out().lines().findFirst().orElseThrow()).contains("call_id").contains("outcome");
        assertThat(csv.out()).contains("tools/list");

        Run auth = fluxbase("logs", "list", "--category", "admin", "--since", "10m");
        assertThat(auth.out()).contains("clientkeys.create");

        Run badSince = fluxbase("logs", "list", "--since", "yesterday");
        assertThat(badSince.exit()).isEqualTo(2);
        assertThat(badSince.err()).contains("--since").contains("24h");
    }

    @Test
    void appliesSchemaFilesAndPrintsTheDatabaseUrl(@TempDir Path dir) throws Exception {
        Path schema = Files.writeString(dir.resolve("schema.sql"), """
                CREATE TABLE public.notes (id serial PRIMARY KEY, body text NOT NULL);
                INSERT INTO public.notes (body) VALUES ('first; with a semicolon');
                """);
        Run apply = fluxbase("db", "apply", "--file", schema.toString());
        assertThat(apply.exit()).as(apply.err()).isZero();
        assertThat(server.count("SELECT count(*) FROM public.notes")).isEqualTo(1);

        Path broken = Files.writeString(dir.resolve("broken.sql"), """
                CREATE TABLE public.half (id int);
                INSERT INTO public.nope VALUES (1);
                """);
        Run failed = fluxbase("db", "apply", "--file", broken.toString());
        assertThat(failed.exit()).isEqualTo(1);
        assertThat(failed.err()).contains("statement 2").contains("nope");
        assertThat(server.count("SELECT count(*) FROM pg_tables WHERE tablename = 'half'")).isZero();

        Run missing = fluxbase("db", "apply", "--file", dir.resolve("absent.sql").toString());
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err()).contains("absent.sql");

        Map<String, Object> url = json(fluxbase("db", "url", "-o", "json"));
        assertThat((String) url.get("url")).startsWith("postgresql://").contains(":" + server.server().database().port());
    }
}
