package io.fluxbase.mcp.function;

import static io.fluxbase.mcp.support.ToolAnswers.ok;
import static io.fluxbase.mcp.support.ToolAnswers.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fluxbase.mcp.support.FluxbaseCommand;
import io.fluxbase.mcp.support.FluxbaseCommand.Run;
import io.fluxbase.mcp.support.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * Secrets end to end: set with the CLI, read by a deployed function as ctx.env.NAME through the real MCP client,
 * stored only as ciphertext, absent from the command log and the audit log (which keeps full arguments and messages
 * here), masked in what a function logs, gone after unset, and a value sealed under another key named, not fatal.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FunctionSecretsIntegrationTest {

    static final String TOKEN = "tok-" + UUID.randomUUID();

    TestServer server;
    McpSyncClient caller;
    ListAppender<ILoggingEvent> functionLog = new ListAppender<>();

    @BeforeAll
    void start() {
        server = TestServer.start(Map.of("FLUXBASE_AUDIT_ARGUMENTS", "full"));
        caller = server.client(server.createKey("fn", "service", "execute:functions").secret());
        deploy("show-env", "export default async (req, ctx) => ({ value: ctx.env[req.body.name],"
                + " known: req.body.name in ctx.env });");
        deploy("log-env", """
                export default async (req, ctx) => {
                  ctx.log('token is ' + ctx.env.API_TOKEN);
                  console.log('again:', ctx.env.API_TOKEN);
                  return 'logged';
                };""");
        deploy("leak-env", "export default async (req, ctx) => { throw new Error('bad ' + ctx.env.API_TOKEN); };");
        Logger logger = (Logger) LoggerFactory.getLogger("io.fluxbase.mcp.edge.tool.CallerFunctionContext");
        functionLog.start();
        logger.addAppender(functionLog);
        assertThat(fluxbaseWithInput(TOKEN + "\n", "secrets", "set", "API_TOKEN").exit()).isZero();
    }

    @AfterAll
    void stop() {
        ((Logger) LoggerFactory.getLogger("io.fluxbase.mcp.edge.tool.CallerFunctionContext"))
                .detachAppender(functionLog);
        server.close();
    }

    void deploy(String name, String source) {
        server.admin("POST", "/admin/v1/functions", Map.of("name", name, "source", source), 201);
    }

    Run fluxbaseWithInput(String stdin, String... args) {
        return FluxbaseCommand.runWithInput(server, stdin, args);
    }

    Map<String, Object> showEnv(String name) {
        return ok(caller.callTool(new McpSchema.CallToolRequest("invoke_function", Map.of("name", "show-env",
                "body", Map.of("name", name)))));
    }

    @Test
    void aFunctionReadsTheSecretItsValueStoredOnlyAsCiphertext() throws Exception {
        assertThat(showEnv("API_TOKEN").get("body")).isEqualTo(Map.of("value", TOKEN, "known", true));

        Run list = FluxbaseCommand.run(server, "secrets", "list");
        assertThat(list.out()).contains("API_TOKEN").doesNotContain(TOKEN);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> listed = (List<Map<String, Object>>) FluxbaseCommand.json(
                FluxbaseCommand.run(server, "secrets", "list", "-o", "json")).get("secrets");
        assertThat(listed).anySatisfy(secret -> assertThat(secret).containsOnlyKeys("name", "updated_at")
                .containsEntry("name", "API_TOKEN"));

        assertThat(server.count("SELECT count(*) FROM fluxbase.function_secrets WHERE name = 'API_TOKEN'"
                + " AND length(nonce) = 12 AND position(convert_to(?, 'UTF8') IN ciphertext) = 0", TOKEN)).isOne();
        Path keyFile = server.server().dataDir().resolve("secrets.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(java.util.Base64.getDecoder().decode(Files.readString(keyFile).strip())).hasSize(32);
    }

    @Test
    void neitherTheCommandLogNorTheAuditLogHoldsTheValue() {
        assertThat(showEnv("API_TOKEN").get("body")).isEqualTo(Map.of("value", TOKEN, "known", true));
        // a run's log lines and failure message are kept in its FunctionInvoked event: masked there too
        ok(caller.callTool(new McpSchema.CallToolRequest("invoke_function", Map.of("name", "log-env"))));
        assertThat(refusal(caller.callTool(new McpSchema.CallToolRequest("invoke_function",
                Map.of("name", "leak-env"))))).contains("bad ***").doesNotContain(TOKEN);
        TestServer.await("the calls' records", () -> server.count("SELECT count(*) FROM fluxbase.audit_log a"
                + " WHERE a.target = 'invoke_function' AND a.outcome = 'error'") >= 1);

        assertThat(server.count("SELECT count(*) FROM fluxbase.domain_event_entry WHERE payload_type LIKE"
                + " '%SecretSetEvent' AND convert_from(payload, 'UTF8')::jsonb ->> 'name' = 'API_TOKEN'")).isOne();
        assertThat(server.count("SELECT count(*) FROM fluxbase.domain_event_entry WHERE position(convert_to(?,"
                + " 'UTF8') IN payload) > 0 OR position(convert_to(?, 'UTF8') IN meta_data) > 0", TOKEN, TOKEN))
                .isZero();
        assertThat(server.count("SELECT count(*) FROM fluxbase.audit_log a WHERE a::text LIKE ?", "%" + TOKEN + "%"))
                .isZero();
    }

    /** A fetch error names its URL, a thrown object is JSON: a secret written either way is masked too. */
    @Test
    void aSecretIsMaskedPercentEncodedAndJsonEscapedToo() {
        String odd = "k+y/\"quoted\" (one)=" + UUID.randomUUID();
        assertThat(server.adminRaw("PUT", "/admin/v1/secrets/ODD_TOKEN", odd).statusCode()).isEqualTo(200);
        deploy("leak-encoded", "export default async (req, ctx) => { throw new Error('url '"
                + " + encodeURIComponent(ctx.env.ODD_TOKEN) + ' json '"
                + " + JSON.stringify({ t: ctx.env.ODD_TOKEN })); };");
        String refused = refusal(caller.callTool(new McpSchema.CallToolRequest("invoke_function",
                Map.of("name", "leak-encoded"))));
        assertThat(refused).contains("url *** json {\"t\":\"***\"}")
                .doesNotContain(odd.substring(odd.length() - 36)).doesNotContain("k%2By");
    }

    @Test
    void whatAFunctionLogsHasEverySecretMasked() {
        ok(caller.callTool(new McpSchema.CallToolRequest("invoke_function", Map.of("name", "log-env"))));

        List<String> lines = functionLog.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).anySatisfy(line -> assertThat(line).endsWith("token is ***"));
        assertThat(lines).anySatisfy(line -> assertThat(line).endsWith("again: ***"));
        assertThat(lines).noneSatisfy(line -> assertThat(line).contains(TOKEN));
    }

    @Test
    void anUnsetSecretIsUndefined() {
        assertThat(fluxbaseWithInput("for a while", "secrets", "set", "GONE_SOON").exit()).isZero();
        assertThat(showEnv("GONE_SOON").get("body")).isEqualTo(Map.of("value", "for a while", "known", true));

        assertThat(FluxbaseCommand.run(server, "secrets", "unset", "GONE_SOON").out())
                .isEqualTo("unset secret 'GONE_SOON'\n");

        assertThat(showEnv("GONE_SOON").get("body")).isEqualTo(Map.of("known", false));
        Run again = FluxbaseCommand.run(server, "secrets", "unset", "GONE_SOON");
        assertThat(again.exit()).isNotZero();
        assertThat(again.err()).contains("no secret named 'GONE_SOON' is set").contains("API_TOKEN");
    }

    @Test
    void aBadNameIsRefusedWithTheRule() {
        Run refused = fluxbaseWithInput("value", "secrets", "set", "api-token");
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err()).contains("'api-token' is not a secret name").contains("upper-case letters");

        HttpResponse<String> direct = server.adminRaw("PUT", "/admin/v1/secrets/api-token", "value");
        assertThat(direct.statusCode()).isEqualTo(400);
        assertThat(direct.body()).contains("invalid_argument").contains("is not a secret name");
        assertThat(server.adminRaw("PUT", "/admin/v1/secrets/EMPTY", null).body()).contains("value: empty");
    }

    @Test
    void aValueSealedUnderAnotherKeyIsNamedAndTheOthersStillWork() throws Exception {
        byte[] otherKey = new byte[32];
        new SecureRandom().nextBytes(otherKey);
        byte[] nonce = new byte[12];
        new SecureRandom().nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(otherKey, "AES"), new GCMParameterSpec(128, nonce));
        cipher.updateAAD("MOVED".getBytes(StandardCharsets.UTF_8));
        byte[] sealed = cipher.doFinal("from another server".getBytes(StandardCharsets.UTF_8));
        try (var db = server.database(); var insert = db.prepareStatement("INSERT INTO fluxbase.function_secrets"
                + " (name, ciphertext, nonce) VALUES ('MOVED', ?, ?)")) {
            insert.setBytes(1, sealed);
            insert.setBytes(2, nonce);
            insert.executeUpdate();
        }
        sql("INSERT INTO fluxbase.function_secrets (name, ciphertext, nonce) SELECT 'COPIED', ciphertext, nonce"
                + " FROM fluxbase.function_secrets WHERE name = 'API_TOKEN'");
        // this node's own write re-reads every secret at once
        assertThat(fluxbaseWithInput("still fine", "secrets", "set", "STILL_FINE").exit()).isZero();

        Run list = FluxbaseCommand.run(server, "secrets", "list");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains("PROBLEM").contains("secret MOVED cannot be decrypted")
                .contains("secret COPIED cannot be decrypted").doesNotContain("Exception").doesNotContain("at io.");
        String json = FluxbaseCommand.run(server, "secrets", "list", "-o", "json").out();
        assertThat(json).contains("secret MOVED cannot be decrypted with the current key, the key file")
                .contains("secrets.key").contains("fluxbase secrets set MOVED");
        assertThat(showEnv("STILL_FINE").get("body")).isEqualTo(Map.of("value", "still fine", "known", true));
        assertThat(showEnv("API_TOKEN").get("body")).isEqualTo(Map.of("value", TOKEN, "known", true));
        assertThat(showEnv("MOVED").get("body")).isEqualTo(Map.of("known", false));

        sql("DELETE FROM fluxbase.function_secrets WHERE name IN ('MOVED', 'COPIED')");
    }

    void sql(String statement) throws Exception {
        try (var db = server.database(); var run = db.createStatement()) {
            run.execute(statement);
        }
    }
}
