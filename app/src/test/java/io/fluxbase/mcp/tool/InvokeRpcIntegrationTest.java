package io.fluxbase.mcp.tool;

import static io.fluxbase.mcp.support.ToolAnswers.ok;
import static io.fluxbase.mcp.support.ToolAnswers.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxbase.mcp.support.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * invoke_rpc and rpc://list through the official SDK client: named arguments checked against the catalogue,
 * overloads told apart by argument names, functions outside the exposed schemas unreachable, and a function's
 * work under the key's role and row-level security.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvokeRpcIntegrationTest {

    static final String ALICE = "11111111-1111-1111-1111-111111111111";

    TestServer server;
    McpSyncClient alice;
    McpSyncClient service;
    McpSyncClient reader;

    @BeforeAll
    void start() {
        server = TestServer.start(Map.of("FLUXBASE_MCP_WRITE_TIMEOUT", "2s"));
        server.applySql("""
                CREATE TABLE public.items (id int PRIMARY KEY, owner uuid NOT NULL, label text NOT NULL);
                ALTER TABLE public.items ENABLE ROW LEVEL SECURITY;
                CREATE POLICY "own items" ON public.items FOR ALL USING (auth.uid() = owner)
                    WITH CHECK (auth.uid() = owner);
                INSERT INTO public.items VALUES (1, '11111111-1111-1111-1111-111111111111', 'alice one'),
                    (2, '22222222-2222-2222-2222-222222222222', 'bob one');
                CREATE FUNCTION public.add(a int, b int DEFAULT 1) RETURNS int LANGUAGE sql AS 'SELECT a + b';
                CREATE FUNCTION public.add(a text, suffix text) RETURNS text LANGUAGE sql AS 'SELECT a || suffix';
                CREATE FUNCTION public.pick(x int) RETURNS text LANGUAGE sql AS 'SELECT ''int''';
                CREATE FUNCTION public.pick(x text) RETURNS text LANGUAGE sql AS 'SELECT ''text''';
                CREATE FUNCTION public.my_items(prefix text DEFAULT '') RETURNS SETOF public.items
                    LANGUAGE sql STABLE AS 'SELECT * FROM public.items WHERE label LIKE prefix || ''%'' ORDER BY id';
                CREATE FUNCTION public.add_item(id int, label text) RETURNS public.items LANGUAGE sql AS
                    'INSERT INTO public.items VALUES (id, auth.uid(), label) RETURNING *';
                CREATE FUNCTION public.numbers(n int) RETURNS SETOF int LANGUAGE sql AS 'SELECT generate_series(1, n)';
                CREATE FUNCTION public.refuse(reason text) RETURNS void LANGUAGE plpgsql AS
                    $$ BEGIN RAISE EXCEPTION 'refused: %', reason; END $$;
                CREATE FUNCTION public.slow() RETURNS int LANGUAGE sql AS 'SELECT 1 FROM pg_sleep(30)';
                CREATE FUNCTION public.nap(seconds float8) RETURNS int LANGUAGE sql AS 'SELECT 1 FROM pg_sleep(seconds)';
                CREATE FUNCTION public.nothing() RETURNS void LANGUAGE plpgsql AS $$ BEGIN END $$;
                CREATE FUNCTION public.unknown() RETURNS int LANGUAGE sql AS 'SELECT NULL::int';
                CREATE TABLE public.flood_marks (n int);
                GRANT SELECT, INSERT ON public.flood_marks TO anon, authenticated, service_role;
                CREATE FUNCTION public.flood(n int, width int) RETURNS SETOF text LANGUAGE plpgsql AS $$
                    BEGIN
                      INSERT INTO public.flood_marks VALUES (n);
                      RETURN QUERY SELECT repeat('x', width) FROM generate_series(1, n);
                    END $$;
                CREATE FUNCTION public.wide(width int) RETURNS text LANGUAGE sql AS 'SELECT repeat(''y'', width)';
                CREATE SCHEMA private;
                CREATE FUNCTION private.secret() RETURNS text LANGUAGE sql AS 'SELECT ''hidden''';
                GRANT USAGE ON SCHEMA private TO anon, authenticated, service_role;
                """);
        String[] scopes = {"execute:rpc", "read:tables"};
        alice = server.client(server.createKey(Map.of("name", "alice", "type", "anon", "scopes", List.of(scopes),
                "user_id", ALICE)).secret());
        service = server.client(server.createKey("service", "service", scopes).secret());
        reader = server.client(server.createKey("reader", "service", "read:tables").secret());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    static McpSchema.CallToolResult rpc(McpSyncClient client, String name, Map<String, Object> params) {
        return client.callTool(new McpSchema.CallToolRequest("invoke_rpc", Map.of("name", name, "params", params)));
    }

    @Test
    void callsWithNamedArgumentsAndDefaults() {
        assertThat(ok(rpc(service, "add", Map.of("a", 2)))).containsEntry("value", 3);
        assertThat(ok(rpc(service, "add", Map.of("a", 2, "b", 5)))).containsEntry("value", 7);
        assertThat(ok(rpc(service, "public.add", Map.of("a", "2", "b", "40")))).containsEntry("value", 42);
    }

    @Test
    void overloadsAreToldApartByArgumentNamesAndAmbiguityIsReported() {
        assertThat(ok(rpc(service, "add", Map.of("a", "x", "suffix", "y")))).containsEntry("value", "xy");
        String ambiguous = refusal(rpc(service, "pick", Map.of("x", 1)));
        assertThat(ambiguous).contains("ambiguous").contains("pick(x integer)").contains("pick(x text)");
    }

    @Test
    void wrongArgumentsAndUnknownFunctionsAreRefusedByName() {
        assertThat(refusal(rpc(service, "add", Map.of("a", 1, "c", 2)))).contains("'c'");
        assertThat(refusal(rpc(service, "numbers", Map.of()))).contains("'n'").contains("integer");
        assertThat(refusal(rpc(service, "no_such_function", Map.of()))).contains("no_such_function")
                .contains("rpc://list");
        assertThat(refusal(rpc(service, "numbers", Map.of("n", "many")))).contains("params.n");
    }

    @Test
    void functionsOutsideTheExposedSchemasCannotBeCalled() {
        assertThat(refusal(rpc(service, "private.secret", Map.of()))).contains("private.secret");
        assertThat(refusal(rpc(service, "pg_catalog.pg_sleep", Map.of("seconds", 1)))).contains("pg_sleep");
        assertThat(refusal(rpc(service, "secret(); DROP TABLE public.items; --", Map.of()))).isNotEmpty();
        assertThat(refusal(rpc(service, "add", Map.of("a\"); DROP TABLE public.items; --", 1)))).contains("params");
        assertThat(ok(rpc(service, "add", Map.of("a", "'); DROP TABLE public.items; --", "suffix", "!"))))
                .containsEntry("value", "'); DROP TABLE public.items; --!");
        assertThat(server.count("SELECT count(*) FROM public.items")).isGreaterThanOrEqualTo(2);
    }

    /**
     * PostgreSQL lets PUBLIC execute every new function; the server grants the owner's functions to the key roles
     * instead, so taking one from a key role takes it from that role's keys.
     */
    @Test
    void aFunctionRevokedFromAKeysRoleIsNeitherListedNorCallableForIt() {
        server.applySql("""
                CREATE FUNCTION public.staff_only() RETURNS text LANGUAGE sql AS $$ SELECT 'staff' $$;
                REVOKE EXECUTE ON FUNCTION public.staff_only() FROM anon, authenticated;
                """);
        assertThat(refusal(rpc(alice, "staff_only", Map.of()))).contains("staff_only").contains("rpc://list");
        assertThat(alice.readResource(new McpSchema.ReadResourceRequest("rpc://list")).contents().toString())
                .doesNotContain("staff_only").contains("public.add");
        assertThat(ok(rpc(service, "staff_only", Map.of()))).containsEntry("value", "staff");
        assertThat(server.count("SELECT count(*) FROM pg_proc p, aclexplode(p.proacl) a WHERE p.proname ="
                + " 'staff_only' AND a.grantee = 0")).as("PUBLIC's grants").isZero();
    }

    @Test
    void voidAndNullResultsComeBackAsANullValue() {
        assertThat(ok(rpc(service, "nothing", Map.of()))).containsEntry("function", "public.nothing")
                .containsEntry("value", null).doesNotContainKey("rows");
        assertThat(ok(rpc(service, "unknown", Map.of()))).containsEntry("value", null);
    }

    @Test
    @SuppressWarnings("unchecked")
    void setsAndRowsComeBackAsRowsUnderTheKeysRole() {
        Map<String, Object> mine = ok(rpc(alice, "my_items", Map.of("prefix", "alice")));
        assertThat((List<Map<String, Object>>) mine.get("rows")).extracting(row -> row.get("label"))
                .containsExactly("alice one");
        Map<String, Object> all = ok(rpc(service, "my_items", Map.of("prefix", "")));
        assertThat((List<Map<String, Object>>) all.get("rows")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(ok(rpc(service, "numbers", Map.of("n", 3)))).containsEntry("rows", List.of(1, 2, 3))
                .containsEntry("count", 3);
    }

    @Test
    void anAnswerBeyondTheCapIsRefusedAndNothingTheFunctionDidIsKept() {
        // mcp.max_result_bytes is 512 KiB: 1,000 rows of 1,000 bytes, 400,000 tiny rows, one value of 600,000
        assertThat(refusal(rpc(alice, "flood", Map.of("n", 1000, "width", 1000)))).startsWith("name:")
                .contains("public.flood").contains("larger than 524288 bytes").contains("nothing it did was kept");
        assertThat(refusal(rpc(alice, "flood", Map.of("n", 400_000, "width", 0)))).contains("public.flood");
        assertThat(refusal(rpc(alice, "wide", Map.of("width", 600_000)))).contains("public.wide");
        assertThat(server.count("SELECT count(*) FROM public.flood_marks")).as("rolled back").isZero();
        TestServer.await("the refusals' records", () -> server.count("SELECT count(*) FROM fluxbase.audit_log"
                + " WHERE target = 'invoke_rpc' AND error_code = 'answer_too_large'") == 3);

        // within the cap the same calls answer in full
        assertThat(ok(rpc(alice, "flood", Map.of("n", 400, "width", 1000)))).containsEntry("count", 400);
        assertThat(((String) ok(rpc(alice, "wide", Map.of("width", 500_000))).get("value"))).hasSize(500_000);
        assertThat(server.count("SELECT count(*) FROM public.flood_marks")).isOne();
    }

    @Test
    void aFunctionThatWritesRunsUnderRowLevelSecurity() {
        Map<String, Object> added = ok(rpc(alice, "add_item", Map.of("id", 10, "label", "via rpc")));
        assertThat(added.get("rows")).isEqualTo(List.of(Map.of("id", 10, "owner", ALICE, "label", "via rpc")));
        assertThat(server.count("SELECT count(*) FROM public.items WHERE id = 10 AND owner = ?::uuid", ALICE))
                .isEqualTo(1);
    }

    @Test
    void aSlowFunctionHoldsUpNoOtherCallAndIsCancelledAtTheWriteTimeout() throws Exception {
        // not the common pool: the SDK client in this JVM needs it, and a blocked call there would stall the rest
        var caller = java.util.concurrent.Executors.newSingleThreadExecutor();
        var slow = java.util.concurrent.CompletableFuture.supplyAsync(() -> rpc(service, "slow", Map.of()), caller);
        caller.shutdown();
        Thread.sleep(300);
        long started = System.nanoTime();
        assertThat(ok(rpc(alice, "add", Map.of("a", 1)))).containsEntry("value", 2);
        assertThat(alice.callTool(new McpSchema.CallToolRequest("query_table", Map.of("table", "items")))
                .isError()).isFalse();
        assertThat((System.nanoTime() - started) / 1_000_000.0).as("ms for two calls during the slow one")
                .isLessThan(1_500);
        assertThat(slow).as("still running").isNotDone();
        assertThat(refusal(slow.get(20, java.util.concurrent.TimeUnit.SECONDS))).contains("mcp.write_timeout");
    }

    @Test
    void oneKeysSlowCallsLeaveOtherKeysTheirShare() throws Exception {
        McpSyncClient hog = server.client(server.createKey(Map.of("name", "hog", "type", "anon",
                "scopes", List.of("execute:rpc"), "user_id", "33333333-3333-3333-3333-333333333333")).secret());
        long[] alone = fastCalls(30);
        var callers = java.util.concurrent.Executors.newFixedThreadPool(6);
        List<java.util.concurrent.Future<McpSchema.CallToolResult>> naps = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            naps.add(callers.submit(() -> rpc(hog, "nap", Map.of("seconds", 1.8))));
        }
        callers.shutdown();
        String napping = "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%\"nap\"%' AND state = 'active'"
                + " AND pid <> pg_backend_pid()";
        TestServer.await("the hog's calls to run", () -> server.count(napping) == 4);
        long[] beside = fastCalls(30);
        assertThat(server.count(napping)).as("the hog's calls still running").isEqualTo(4);
        // alice's role shares its pool with the hog's, yet her calls are not held up
        assertThat(beside[beside.length - 1]).as("p99 beside the hog, ms; alone: %s", alone[alone.length - 1])
                .isLessThanOrEqualTo(2 * alone[alone.length - 1] + 25);
        List<String> answers = new java.util.ArrayList<>();
        for (var nap : naps) {
            McpSchema.CallToolResult result = nap.get(20, java.util.concurrent.TimeUnit.SECONDS);
            answers.add(Boolean.TRUE.equals(result.isError()) ? refusal(result) : "ok");
        }
        assertThat(answers).filteredOn("ok"::equals).hasSize(4);
        assertThat(answers).filteredOn(answer -> !answer.equals("ok")).hasSize(2)
                .allSatisfy(answer -> assertThat(answer).contains("rpc.max_concurrent_per_key"));
    }

    /** The sorted latencies, in ms, of {@code count} quick function calls of alice one after another. */
    long[] fastCalls(int count) {
        long[] millis = new long[count];
        for (int i = 0; i < count; i++) {
            long started = System.nanoTime();
            assertThat(ok(rpc(alice, "add", Map.of("a", i)))).containsEntry("value", i + 1);
            millis[i] = (System.nanoTime() - started) / 1_000_000;
        }
        java.util.Arrays.sort(millis);
        return millis;
    }

    @Test
    void anExceptionRaisedByTheFunctionComesBackAsItsMessage() {
        assertThat(refusal(rpc(service, "refuse", Map.of("reason", "closed for today"))))
                .contains("refused: closed for today");
    }

    @Test
    @SuppressWarnings("unchecked")
    void rpcListShowsTheCallableFunctionsWithTheirTypes() {
        McpSchema.ReadResourceResult read = service.readResource(new McpSchema.ReadResourceRequest("rpc://list"));
        Map<String, Object> document = TestServer.JSON.readValue(
                ((McpSchema.TextResourceContents) read.contents().get(0)).text(), Map.class);
        List<Map<String, Object>> functions = (List<Map<String, Object>>) document.get("functions");
        assertThat(functions).extracting(f -> f.get("name"))
                .contains("public.add", "public.my_items", "public.numbers").doesNotContain("private.secret");
        Map<String, Object> numbers = functions.stream().filter(f -> f.get("name").equals("public.numbers"))
                .findFirst().orElseThrow();
        assertThat(numbers).containsEntry("returns", "SETOF integer").containsEntry("returns_set", true);
        Map<String, Object> argument = new LinkedHashMap<>();
        argument.put("name", "n");
        argument.put("type", "integer");
        argument.put("has_default", false);
        assertThat(numbers.get("arguments")).isEqualTo(List.of(argument));
    }

    @Test
    void aKeyWithoutExecuteRpcSeesNeitherTheToolNorTheList() {
        assertThat(reader.listTools().tools()).extracting(McpSchema.Tool::name).doesNotContain("invoke_rpc");
        assertThat(reader.listResources().resources()).extracting(McpSchema.Resource::uri)
                .doesNotContain("rpc://list");
        assertThat(refusal(rpc(reader, "add", Map.of("a", 1)))).contains("execute:rpc");
        assertThatThrownBy(() -> reader.readResource(new McpSchema.ReadResourceRequest("rpc://list")))
                .hasMessageContaining("execute:rpc");
    }
}
