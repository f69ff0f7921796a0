package io.fluxbase.mcp.function;

import static io.fluxbase.mcp.support.ToolAnswers.ok;
import static io.fluxbase.mcp.support.ToolAnswers.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxbase.mcp.support.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Edge functions end to end: deployed through the admin API, called through the official SDK client with
 * invoke_function, their ctx.db under the calling key's role and row-level security, their writes in the log with
 * the call's id, and every failure a result that says what happened.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EdgeFunctionsIntegrationTest {

    static final String ALICE = "11111111-1111-1111-1111-111111111111";
    static final String BOB = "22222222-2222-2222-2222-222222222222";

    TestServer server;
    McpSyncClient alice;
    McpSyncClient bob;
    McpSyncClient tablesOnly;

    @BeforeAll
    void start() {
        server = TestServer.start();
        server.applySql("""
                CREATE TABLE public.fn_notes (id bigserial PRIMARY KEY, user_id uuid NOT NULL DEFAULT auth.uid(),
                    title text NOT NULL);
                ALTER TABLE public.fn_notes ENABLE ROW LEVEL SECURITY;
                CREATE POLICY "own notes" ON public.fn_notes FOR ALL USING (auth.uid() = user_id)
                    WITH CHECK (auth.uid() = user_id);
                INSERT INTO public.fn_notes (user_id, title) VALUES ('%s', 'alice 1'), ('%s', 'bob 1');
                """.formatted(ALICE, BOB));
        alice = server.client(server.createKey(Map.of("name", "alice", "type", "anon",
                "scopes", List.of("execute:functions"), "user_id", ALICE)).secret());
        bob = server.client(server.createKey(Map.of("name", "bob", "type", "anon",
                "scopes", List.of("execute:functions"), "user_id", BOB)).secret());
        tablesOnly = server.client(server.createKey("tables", "service", "read:tables").secret());
        deploy("echo", "export default async (req, ctx) => ({ got: req.body, method: req.method,"
                + " caller: ctx.caller.user_id });", Map.of());
        deploy("my-notes", """
                export default async (req, ctx) => {
                  const { data, error } = await ctx.db.from('fn_notes').select('title');
                  if (error) throw new Error(error.message);
                  return data.map(n => n.title);
                };""", Map.of());
        deploy("add-note", """
                export default async (req, ctx) => {
                  const { data, error } = await ctx.db.from('fn_notes').insert(req.body);
                  if (error) return { status: 400, body: { error: error.message } };
                  return { status: 201, body: data[0] };
                };""", Map.of());
        deploy("thrower", "export default async () => { throw new TypeError('no welcome today'); };", Map.of());
        deploy("spinner", "export default async () => { while (true) {} };", Map.of("timeout", "1s"));
        deploy("waiter", "export default async () => { await new Promise(() => {}); };", Map.of("timeout", "1s"));
        deploy("welcome", "export default async (req) => ({ to: req.body.email });", Map.of("input_schema", Map.of(
                "type", "object", "required", List.of("email"),
                "properties", Map.of("email", Map.of("type", "string")))));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    Map<String, Object> deploy(String name, String source, Map<String, Object> options) {
        Map<String, Object> body = new LinkedHashMap<>(options);
        body.put("name", name);
        body.put("source", source);
        return server.admin("POST", "/admin/v1/functions", body, 201);
    }

    static McpSchema.CallToolResult invoke(McpSyncClient client, String name, Object body) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("name", name);
        if (body != null) {
            arguments.put("body", body);
        }
        return client.callTool(new McpSchema.CallToolRequest("invoke_function", arguments));
    }

    @Test
    void aFunctionAnswersWithItsStatusAndBody() {
        Map<String, Object> answer = ok(invoke(alice, "echo", Map.of("hello", "world")));
        assertThat(answer).containsEntry("name", "echo").containsEntry("version", 1).containsEntry("status", 200);
        assertThat(answer.get("body")).isEqualTo(Map.of("got", Map.of("hello", "world"), "method", "POST",
                "caller", ALICE));
    }

    @Test
    void ctxDbReadsUnderTheCallersRowLevelSecurity() {
        assertThat(ok(invoke(alice, "my-notes", null)).get("body")).isEqualTo(List.of("alice 1"));
        assertThat(ok(invoke(bob, "my-notes", null)).get("body")).isEqualTo(List.of("bob 1"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void ctxDbWritesAreChangeEventsOfTheCallAndTheCallHasOneRecord() {
        Map<String, Object> answer = ok(invoke(alice, "add-note", Map.of("title", "from a function")));
        assertThat(answer).containsEntry("status", 201);
        assertThat((Map<String, Object>) answer.get("body")).containsEntry("title", "from a function")
                .containsEntry("user_id", ALICE);
        List<Map<String, Object>> events = server.rows("SELECT convert_from(payload, 'UTF8')::jsonb ->> 'callId'"
                + " AS call_id FROM fluxbase.domain_event_entry WHERE payload_type LIKE '%RecordsInsertedEvent'"
                + " AND convert_from(payload, 'UTF8') LIKE '%fn_notes%'");
        assertThat(events).hasSize(1);
        String callId = (String) events.get(0).get("call_id");
        TestServer.await("the call's record", () -> server.count("SELECT count(*) FROM fluxbase.audit_log"
                + " WHERE call_id = ?", callId) == 1);
        assertThat(server.count("SELECT count(*) FROM fluxbase.domain_event_entry WHERE payload_type LIKE"
                + " '%CallRecordedEvent' AND convert_from(payload, 'UTF8')::jsonb -> 'record' ->> 'callId' = ?",
                callId)).as("one record for the call, none for its write").isOne();

        // a function can do no more than its caller: bob's call cannot write a row as alice
        Map<String, Object> refused = ok(invoke(bob, "add-note", Map.of("title", "forged", "user_id", ALICE)));
        assertThat(refused).containsEntry("status", 400);
        assertThat(refused.get("body").toString()).contains("row-level security");
        assertThat(server.count("SELECT count(*) FROM public.fn_notes WHERE title = 'forged'")).isZero();
    }

    @Test
    void failuresAreResultsThatSayWhatHappened() {
        assertThat(refusal(invoke(alice, "thrower", null))).contains("TypeError").contains("no welcome today")
                .doesNotContain("at io.").doesNotContain("Exception");
        // a busy loop ends at whichever limit it meets first; which one depends on how fast this machine runs it
        assertThat(refusal(invoke(alice, "spinner", null)))
                .containsAnyOf("timed out after 1 s", "ran over its limit of 50,000,000 statements");
        assertThat(refusal(invoke(alice, "waiter", null))).contains("timed out after 1 s");
        assertThat(ok(invoke(alice, "echo", "still serving")).get("body")).isNotNull();
        assertThat(refusal(invoke(alice, "nope", null))).contains("no function named 'nope'").contains("echo");
        assertThat(refusal(invoke(alice, "welcome", Map.of("mail", "a@b.c")))).startsWith("body:")
                .contains("email");
        assertThat(ok(invoke(alice, "welcome", Map.of("email", "a@b.c"))).get("body"))
                .isEqualTo(Map.of("to", "a@b.c"));
        assertThat(refusal(invoke(tablesOnly, "echo", null))).contains("'execute:functions'");
    }

    @Test
    void escapesAndRunawaysEndAsResultsNamingWhatIsNotAvailable() {
        deploy("escape", """
                export default async (req) => {
                  switch (req.body) {
                    case 'java': return Java.type('java.lang.System').getenv();
                    case 'polyglot': return Polyglot.eval('js', '1');
                    case 'process': return process.env;
                    case 'require': return require('fs');
                    case 'fetch': return (await fetch('http://example.com/')).status;
                  }
                };""", Map.of());
        assertThat(refusal(invoke(alice, "escape", "java"))).contains("Java is not defined");
        assertThat(refusal(invoke(alice, "escape", "polyglot"))).contains("Polyglot is not defined");
        assertThat(refusal(invoke(alice, "escape", "process"))).contains("process is not defined");
        assertThat(refusal(invoke(alice, "escape", "require"))).contains("require is not defined");
        assertThat(refusal(invoke(alice, "escape", "fetch"))).contains("fetch is not available")
                .contains("functions.allowed_hosts");

        deploy("deep", "const down = (n) => down(n + 1) + 1;\nexport default async () => down(0);", Map.of());
        assertThat(refusal(invoke(alice, "deep", null))).contains("ran out of stack");
        deploy("hog", """
                export default async () => {
                  const kept = [];
                  while (true) kept.push(new Array(1e6).fill(1));
                };""", Map.of("timeout", "30s"));
        assertThat(refusal(invoke(alice, "hog", null))).contains("used more than 1 GB of memory")
                .contains("functions.max_memory");
        assertThat(ok(invoke(alice, "echo", "after them")).get("body")).isNotNull();
    }

    @Test
    void aSourceThatDoesNotCompileIsRefusedWithItsLineAndColumn() {
        HttpResponse<String> response = server.adminRaw("POST", "/admin/v1/functions", Map.of("name", "broken",
                "source", "export default async (req) => {\n  return (1 + ;\n};"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("line 2");
        assertThat(server.count("SELECT count(*) FROM fluxbase.edge_functions WHERE name = 'broken'")).isZero();
    }

    @Test
    void redeployingMakesANewVersionAndDeletingEndsIt() {
        deploy("versions", "export default async () => 'one';", Map.of());
        assertThat(deploy("versions", "export default async () => 'two';", Map.of())).containsEntry("version", 2);
        assertThat(ok(invoke(alice, "versions", null))).containsEntry("body", "two").containsEntry("version", 2);
        server.admin("DELETE", "/admin/v1/functions/versions", null, 200);
        assertThat(refusal(invoke(alice, "versions", null))).contains("no function named 'versions'");
        assertThat(server.count("SELECT count(*) FROM fluxbase.domain_event_entry WHERE payload_type ~"
                + " 'Function(Deployed|Deleted)Event$' AND convert_from(payload, 'UTF8') LIKE '%\"versions\"%'"))
                .isEqualTo(3);
    }

    @Test
    void aDeployTellsListeningSessionsThatTheResourcesChanged() {
        java.util.concurrent.atomic.AtomicInteger told = new java.util.concurrent.atomic.AtomicInteger();
        server.client(server.createKey("listener", "service", "execute:functions").secret(),
                resources -> told.incrementAndGet());
        deploy("announced", "export default async () => 'new';", Map.of());
        TestServer.await("the list_changed notification", () -> told.get() >= 1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theResourcesListTheFunctionsAndTheBodyEachExpects() {
        String list = ((McpSchema.TextResourceContents) alice.readResource(
                new McpSchema.ReadResourceRequest("functions://list")).contents().get(0)).text();
        assertThat(list).contains("\"echo\"").contains("\"welcome\"");
        Map<String, Object> welcome = TestServer.JSON.readValue(((McpSchema.TextResourceContents) alice.readResource(
                new McpSchema.ReadResourceRequest("functions://welcome")).contents().get(0)).text(), Map.class);
        assertThat((Map<String, Object>) welcome.get("input_schema")).containsEntry("required", List.of("email"));
        assertThatThrownBy(() -> tablesOnly.readResource(new McpSchema.ReadResourceRequest("functions://list")))
                .hasMessageContaining("execute:functions");
    }
}
