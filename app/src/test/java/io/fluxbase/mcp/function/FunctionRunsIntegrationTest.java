package io.fluxbase.mcp.function;

import static io.fluxbase.mcp.support.ToolAnswers.ok;
import static io.fluxbase.mcp.support.ToolAnswers.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.support.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a function's runs leave behind (a FunctionInvoked event committed with the call's record, the executions
 * behind the resources and {@code functions logs}) and the plain HTTP path {@code /functions/v1/{name}}: the same
 * key, scope, record and event as invoke_function, answered with the function's own status, headers and body.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FunctionRunsIntegrationTest {

    static final String CAROL = "33333333-3333-3333-3333-333333333333";
    static final String DAVE = "44444444-4444-4444-4444-444444444444";

    TestServer server;
    HttpServer upstream;
    String carolKey;
    String daveKey;
    String tablesKey;
    McpSyncClient carol;

    @BeforeAll
    void start() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/rate", exchange -> {
            byte[] answer = ("{\"rate\":1.08,\"asked\":\"" + exchange.getRequestURI().getQuery() + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        upstream.createContext("/slow", exchange -> {
            try {
                Thread.sleep(1_500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        upstream.start();
        server = TestServer.start(Map.of("FLUXBASE_FUNCTIONS_ALLOWED_HOSTS",
                "127.0.0.1:" + upstream.getAddress().getPort()));
        server.applySql("""
                CREATE TABLE public.run_notes (id bigserial PRIMARY KEY, user_id uuid NOT NULL DEFAULT auth.uid(),
                    title text NOT NULL);
                ALTER TABLE public.run_notes ENABLE ROW LEVEL SECURITY;
                CREATE POLICY "own notes" ON public.run_notes FOR ALL USING (auth.uid() = user_id)
                    WITH CHECK (auth.uid() = user_id);
                INSERT INTO public.run_notes (user_id, title) VALUES ('%s', 'dave secret');
                """.formatted(DAVE));
        carolKey = server.createKey(Map.of("name", "carol", "type", "anon", "scopes", List.of("execute:functions"),
                "user_id", CAROL)).secret();
        daveKey = server.createKey(Map.of("name", "dave", "type", "anon", "scopes", List.of("execute:functions"),
                "user_id", DAVE)).secret();
        tablesKey = server.createKey("tables", "service", "read:tables").secret();
        carol = server.client(carolKey);
        deploy("greet", """
                export default async (req, ctx) => {
                  ctx.log('greeting', req.body && req.body.who);
                  return { status: 201, headers: { 'x-greeting': 'yes' },
                           body: { hello: req.body && req.body.who, method: req.method, agent: req.headers['x-agent'] } };
                };""");
        deploy("page", "export default async () => ({ status: 200, headers: { 'content-type': 'text/html' },"
                + " body: '<h1>hi</h1>' });");
        deploy("boom", "export default async (req, ctx) => { ctx.log('about to fail'); throw new Error('kaboom'); };");
        deploy("rate", """
                export default async (req) => {
                  const answer = await fetch(req.body.url);
                  return { status: answer.status, body: await answer.json() };
                };""");
        deploy("slow-note", """
                export default async (req, ctx) => {
                  await ctx.db.from('run_notes').insert({ title: req.body.title });
                  await fetch(req.body.wait);
                  return { saved: req.body.title };
                };""");
        deploy("note", """
                export default async (req, ctx) => {
                  const { data, error } = await ctx.db.from('run_notes').insert({ title: req.body.title });
                  if (error) return { status: 400, body: { error: error.message } };
                  const mine = await ctx.db.from('run_notes').select('title');
                  return mine.data.map(n => n.title);
                };""");
    }

    @AfterAll
    void stop() {
        server.close();
        upstream.stop(0);
    }

    void deploy(String name, String source) {
        server.admin("POST", "/admin/v1/functions", Map.of("name", name, "source", source), 201);
    }

    HttpResponse<String> http(String method, String path, String key, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        headers.forEach(request::header);
        return server.send(request.build());
    }

    static McpSchema.CallToolResult invoke(McpSyncClient client, String name, Object body) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("name", name);
        arguments.put("body", body);
        return client.callTool(new McpSchema.CallToolRequest("invoke_function", arguments));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String text) {
        return TestServer.JSON.readValue(text, Map.class);
    }

    @Test
    void overHttpAFunctionAnswersWithItsOwnStatusHeadersAndBody() {
        HttpResponse<String> response = http("POST", "/functions/v1/greet", carolKey, "{\"who\":\"world\"}",
                Map.of("Content-Type", "application/json", "X-Agent", "curl"));
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("x-greeting")).contains("yes");
        assertThat(json(response.body())).isEqualTo(Map.of("hello", "world", "method", "POST", "agent", "curl"));

        HttpResponse<String> page = http("GET", "/functions/v1/page", carolKey, null, Map.of());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type").orElseThrow()).startsWith("text/html");
        assertThat(page.body()).isEqualTo("<h1>hi</h1>");
    }

    @Test
    @SuppressWarnings("unchecked")
    void fetchReachesTheHostsTheSettingListsAndNoOther() {
        String allowed = "http://127.0.0.1:" + upstream.getAddress().getPort() + "/rate?pair=EURUSD";
        assertThat((Map<String, Object>) ok(invoke(carol, "rate", Map.of("url", allowed))).get("body"))
                .isEqualTo(Map.of("rate", 1.08, "asked", "pair=EURUSD"));
        assertThat(refusal(invoke(carol, "rate", Map.of("url", "http://localhost:" + upstream.getAddress().getPort()
                + "/rate")))).contains("host 'localhost:" + upstream.getAddress().getPort() + "' is not allowed").contains("functions.allowed_hosts");
    }

    @Test
    void overHttpEveryRefusalIsPlainJsonThatSaysWhatToChange() {
        HttpResponse<String> noKey = http("POST", "/functions/v1/greet", null, "{}", Map.of());
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(json(noKey.body())).containsKey("error");

        HttpResponse<String> forged = http("POST", "/functions/v1/greet", "fbk_forged_key_that_matches_nothing", "{}",
                Map.of());
        assertThat(forged.statusCode()).isEqualTo(401);

        HttpResponse<String> noScope = http("POST", "/functions/v1/greet", tablesKey, "{}", Map.of());
        assertThat(noScope.statusCode()).isEqualTo(403);
        assertThat(noScope.body()).contains("missing_scope").contains("execute:functions");

        HttpResponse<String> unknown = http("POST", "/functions/v1/nope", carolKey, "{}", Map.of());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("unknown_function").contains("greet");

        HttpResponse<String> badJson = http("POST", "/functions/v1/greet", carolKey, "{not json",
                Map.of("Content-Type", "application/json"));
        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(badJson.body()).contains("body: not JSON");

        HttpResponse<String> failed = http("POST", "/functions/v1/boom", carolKey, "{}", Map.of());
        assertThat(failed.statusCode()).isEqualTo(502);
        assertThat(json(failed.body()).get("error").toString()).contains("function_failed").contains("kaboom")
                .doesNotContain("at io.");
        assertThat(server.count("SELECT count(*) FROM fluxbase.function_executions WHERE name = 'greet'"
                + " AND key_id IS NULL")).as("no run without a key").isZero();
    }

    /**
     * The call's record nests the body one level deeper ({@code {name, body}}): a body the parser took at its own
     * depth limit once failed there, after the run had taken the key's slot, and never gave the slot back.
     */
    @Test
    void overHttpABodyNestedTooDeepIsRefusedAndRecordedAndTheKeyKeepsItsSlots() {
        String key = server.createKey(Map.of("name", "nester", "type", "anon", "scopes",
                List.of("execute:functions"), "user_id", CAROL)).secret();
        Map<String, String> headers = Map.of("Content-Type", "application/json", "User-Agent", "nester");
        String deep = "[".repeat(500) + "]".repeat(500);
        int refusals = 10; // more than functions.max_concurrent_per_key (8)
        for (int i = 0; i < refusals; i++) {
            HttpResponse<String> refused = http("POST", "/functions/v1/greet", key, deep, headers);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(json(refused.body()).get("error").toString()).contains("invalid_argument", "body:",
                    "more than 100 levels");
        }
        TestServer.await("a record of each refusal", () -> server.count("SELECT count(*) FROM fluxbase.audit_log"
                + " WHERE user_agent = 'nester' AND error_code = 'invalid_argument'") == refusals);

        HttpResponse<String> atTheLimit = http("POST", "/functions/v1/greet", key,
                "[".repeat(100) + "]".repeat(100), headers);
        assertThat(atTheLimit.statusCode()).as(atTheLimit.body()).isEqualTo(201);
        HttpResponse<String> plain = http("POST", "/functions/v1/greet", key, "{\"who\":\"again\"}", headers);
        assertThat(plain.statusCode()).as(plain.body()).isEqualTo(201);
        assertThat(json(plain.body())).containsEntry("hello", "again");
    }

    /** An 8 MB body of empty objects costs the parser hundreds of MB: the MCP endpoint's token cap holds here too. */
    @Test
    void overHttpABodyOfTooManyJsonValuesIsRefusedAsTooLarge() {
        Map<String, String> headers = Map.of("Content-Type", "application/json", "User-Agent", "many-values");
        HttpResponse<String> tooMany = http("POST", "/functions/v1/greet", carolKey, emptyObjects(300_000), headers);
        assertThat(tooMany.statusCode()).as(tooMany.body()).isEqualTo(413);
        assertThat(json(tooMany.body()).get("error").toString()).contains("body_too_large", "body:",
                "more than 500000 JSON tokens");
        TestServer.await("the refusal's record", () -> server.count("SELECT count(*) FROM fluxbase.audit_log"
                + " WHERE user_agent = 'many-values' AND error_code = 'body_too_large'") == 1);

        HttpResponse<String> fewer = http("POST", "/functions/v1/greet", carolKey, emptyObjects(200_000), headers);
        assertThat(fewer.statusCode()).as(fewer.body()).isEqualTo(201);
    }

    /** {@code [{},{},...]}: two JSON tokens per object. */
    static String emptyObjects(int count) {
        return "[" + String.join(",", java.util.Collections.nCopies(count, "{}")) + "]";
    }

    @Test
    void overHttpCtxDbRunsUnderTheCallersRowLevelSecurityAndTheCallIsRecorded() {
        HttpResponse<String> response = http("POST", "/functions/v1/note", carolKey, "{\"title\":\"carol http\"}",
                Map.of("Content-Type", "application/json"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("[\"carol http\"]").doesNotContain("dave secret");
        TestServer.await("the call's record", () -> server.count("SELECT count(*) FROM fluxbase.audit_log"
                + " WHERE method = 'POST /functions/v1' AND target = 'note' AND outcome = 'ok'") == 1);
        String callId = (String) server.rows("SELECT call_id FROM fluxbase.audit_log WHERE method ="
                + " 'POST /functions/v1' AND target = 'note'").get(0).get("call_id");
        assertThat(server.count("SELECT count(*) FROM fluxbase.domain_event_entry WHERE payload_type LIKE"
                + " '%RecordsInsertedEvent' AND convert_from(payload, 'UTF8')::jsonb ->> 'callId' = ?", callId))
                .as("the function's write carries the call's id").isOne();
        TestServer.await("the run", () -> server.count("SELECT count(*) FROM fluxbase.function_executions"
                + " WHERE call_id = ? AND via = 'http' AND outcome = 'ok' AND status = 200", callId) == 1);
    }

    @Test
    void overHttpAClientThatHangsUpStopsNeitherTheRunNorItsRecord() throws IOException, InterruptedException {
        String body = "{\"title\":\"carol left early\",\"wait\":\"http://127.0.0.1:"
                + upstream.getAddress().getPort() + "/slow\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        URI base = URI.create(server.baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.getOutputStream().write(("POST /functions/v1/slow-note HTTP/1.1\r\nHost: " + base.getAuthority()
                    + "\r\nAuthorization: Bearer " + carolKey + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            Thread.sleep(500); // the function has written its note and waits on the upstream
        }
        // the write it made stays, so the run and the call that made it must be on record too
        TestServer.await("the call's record", () -> server.count("SELECT count(*) FROM fluxbase.audit_log"
                + " WHERE method = 'POST /functions/v1' AND target = 'slow-note' AND outcome = 'ok'") == 1);
        String callId = (String) server.rows("SELECT call_id FROM fluxbase.audit_log WHERE method ="
                + " 'POST /functions/v1' AND target = 'slow-note'").get(0).get("call_id");
        TestServer.await("the run, to its end", () -> server.count("SELECT count(*) FROM fluxbase.function_executions"
                + " WHERE call_id = ? AND via = 'http' AND outcome = 'ok'", callId) == 1);
        assertThat(server.count("SELECT count(*) FROM public.run_notes WHERE title = 'carol left early'")).isOne();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyRunIsAnEventCommittedWithItsCallsRecordAndShownInTheResourcesAndLogs() {
        ok(invoke(carol, "greet", Map.of("who", "log")));
        refusal(invoke(carol, "boom", Map.of()));
        // a refusal before the run (a body the function never sees) is no run
        assertThat(refusal(invoke(carol, "nope", Map.of()))).contains("greet");

        TestServer.await("both runs", () -> server.count("SELECT count(*) FROM fluxbase.function_executions"
                + " WHERE via = 'mcp' AND name IN ('greet', 'boom')") >= 2);
        assertThat(server.count("""
                SELECT count(*) FROM fluxbase.domain_event_entry run JOIN fluxbase.domain_event_entry rec
                  ON convert_from(rec.payload, 'UTF8')::jsonb -> 'record' ->> 'callId'
                   = convert_from(run.payload, 'UTF8')::jsonb ->> 'callId'
                WHERE run.payload_type LIKE '%FunctionInvokedEvent' AND rec.payload_type LIKE '%CallRecordedEvent'
                  AND convert_from(run.payload, 'UTF8')::jsonb ->> 'name' = 'boom'
                  AND convert_from(run.payload, 'UTF8')::jsonb ->> 'outcome' = 'threw'""")).isPositive();

        Map<String, Object> list = json(((McpSchema.TextResourceContents) carol.readResource(
                new McpSchema.ReadResourceRequest("functions://list")).contents().get(0)).text());
        Map<String, Object> boom = ((List<Map<String, Object>>) list.get("functions")).stream()
                .filter(f -> f.get("name").equals("boom")).findFirst().orElseThrow();
        assertThat(((Number) boom.get("invocations")).longValue()).isPositive();
        assertThat(boom).containsEntry("last_outcome", "threw").containsKey("last_invoked_at");

        Map<String, Object> greet = json(((McpSchema.TextResourceContents) carol.readResource(
                new McpSchema.ReadResourceRequest("functions://greet")).contents().get(0)).text());
        List<Map<String, Object>> recent = (List<Map<String, Object>>) greet.get("recent_executions");
        assertThat(recent).isNotEmpty();
        assertThat(recent.get(0)).containsEntry("status", 201).containsEntry("outcome", "ok")
                .doesNotContainKey("logs").doesNotContainKey("key_id");

        // the error's text can quote what the caller sent or could read: only its own key sees it
        Map<String, Object> ownRun = ((List<Map<String, Object>>) json(((McpSchema.TextResourceContents) carol
                .readResource(new McpSchema.ReadResourceRequest("functions://boom")).contents().get(0)).text())
                .get("recent_executions")).get(0);
        assertThat(ownRun).containsEntry("outcome", "threw");
        assertThat(ownRun.get("error").toString()).contains("kaboom");
        Map<String, Object> othersRun = ((List<Map<String, Object>>) json(((McpSchema.TextResourceContents) server
                .client(daveKey).readResource(new McpSchema.ReadResourceRequest("functions://boom")).contents().get(0))
                .text()).get("recent_executions")).get(0);
        assertThat(othersRun).containsEntry("outcome", "threw").containsEntry("error", null);

        Map<String, Object> logs = server.admin("GET", "/admin/v1/functions/boom/logs?limit=5", null, 200);
        List<Map<String, Object>> runs = (List<Map<String, Object>>) logs.get("executions");
        assertThat(runs).isNotEmpty();
        assertThat(runs.get(0)).containsEntry("outcome", "threw").containsKey("call_id").containsKey("key_id");
        assertThat(runs.get(0).get("logs")).isEqualTo(List.of("about to fail"));
        assertThat(runs.get(0).get("error").toString()).contains("kaboom");
        assertThat(server.adminRaw("GET", "/admin/v1/functions/nope/logs", null).body()).contains("greet");
        assertThat(server.adminRaw("GET", "/admin/v1/functions/boom/logs?limit=0", null).body())
                .contains("limit: expected a whole number from 1 to 1000");
    }
}
