package io.fluxbase.mcp.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxbase.mcp.edge.tool.McpTool;
import io.fluxbase.mcp.edge.tool.ToolCatalogue;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import io.fluxbase.mcp.support.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every tool of the catalogue promises a client (DESIGN §2.1), checked once for all of them: a description,
 * an input and an output schema, the three hints, a result that matches its output schema, a refusal naming the
 * missing argument, and a refusal naming the missing scope that leaves one call record.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ToolContractIntegrationTest {

    /**
     * Arguments each tool succeeds with on the tables, functions and jobs created below; a new tool needs an entry
     * (get_job_status's, the id of a job submitted at the start, is added then).
     */
    static final Map<String, Map<String, Object>> SAMPLE_ARGUMENTS = new java.util.HashMap<>(Map.ofEntries(
            Map.entry("query_table", Map.of("table", "contract_items")),
            Map.entry("insert_record", Map.of("table", "contract_items", "data", Map.of("id", 100, "label", "new"),
                    "returning", "*")),
            Map.entry("update_record", Map.of("table", "contract_items", "data", Map.of("label", "changed"),
                    "filter", Map.of("id", "eq.1"))),
            Map.entry("delete_record", Map.of("table", "contract_items", "filter", Map.of("id", "eq.2"))),
            Map.entry("invoke_rpc", Map.of("name", "contract_double", "params", Map.of("n", 21))),
            Map.entry("list_files", Map.of("bucket", "contract")),
            Map.entry("download_file", Map.of("bucket", "contract", "path", "x.txt")),
            Map.entry("upload_file", Map.of("bucket", "contract", "path", "new.txt", "content", "hello")),
            Map.entry("delete_file", Map.of("bucket", "contract", "path", "gone.txt")),
            Map.entry("invoke_function", Map.of("name", "contract-echo", "body", Map.of("n", 1))),
            Map.entry("submit_job", Map.of("name", "contract-job", "payload", Map.of("n", 1))),
            Map.entry("vector_search", Map.of("table", "contract_items", "query", "the number two"))));

    TestServer server;
    McpSyncClient everything;
    List<McpTool> catalogue;

    @BeforeAll
    void start() {
        server = TestServer.start();
        // A file's bytes live in the server's own schema, which applied SQL may not touch: seeded as the server.
        server.executeAsServer("""
                INSERT INTO fluxbase_storage.contents (sha256, size, data)
                    VALUES (encode(sha256('x'::bytea), 'hex'), 1, 'x'::bytea)""");
        server.applySql("""
                CREATE TABLE public.contract_items (id int PRIMARY KEY, label text NOT NULL);
                INSERT INTO public.contract_items VALUES (1, 'one'), (2, 'two'), (3, 'three');
                CREATE FUNCTION public.contract_double(n int) RETURNS int LANGUAGE sql AS 'SELECT n * 2';
                INSERT INTO storage.buckets (id, name) VALUES ('contract', 'contract');
                INSERT INTO storage.objects (bucket_id, name, size, content_type, sha256)
                    VALUES ('contract', 'x.txt', 1, 'text/plain', encode(sha256('x'::bytea), 'hex'));
                """);
        server.admin("POST", "/admin/v1/functions", Map.of("name", "contract-echo",
                "source", "export default async (req) => req.body;"), 201);
        server.admin("POST", "/admin/v1/vectors", Map.of("table", "contract_items", "column", "label"), 200);
        String[] allScopes = Arrays.stream(Scope.values()).map(Scope::wireName).toArray(String[]::new);
        everything = server.client(server.createKey("contract-all", "service", allScopes).secret());
        server.admin("POST", "/admin/v1/functions", Map.of("name", "contract-job", "job", true,
                "source", "export default async (payload) => payload;"), 201);
        String jobId = (String) ((Map<?, ?>) everything.callTool(new McpSchema.CallToolRequest("submit_job",
                Map.of("name", "contract-job"))).structuredContent()).get("job_id");
        SAMPLE_ARGUMENTS.put("get_job_status", Map.of("job_id", jobId));
        TestServer.await("the job's status", () -> !Boolean.TRUE.equals(everything.callTool(
                new McpSchema.CallToolRequest("get_job_status", Map.of("job_id", jobId))).isError()));
        catalogue = server.server().context().getBean(ToolCatalogue.class).tools();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    Stream<String> tools() {
        return catalogue.stream().map(McpTool::name);
    }

    McpSchema.Tool listed(String name) {
        return everything.listTools().tools().stream().filter(tool -> tool.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not in tools/list of a key with every scope"));
    }

    McpTool ours(String name) {
        return catalogue.stream().filter(tool -> tool.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aKeyWithEveryScopeListsExactlyTheCatalogueInAStableOrder() {
        List<String> names = everything.listTools().tools().stream().map(McpSchema.Tool::name).toList();
        assertThat(names).containsExactlyElementsOf(tools().toList());
        assertThat(SAMPLE_ARGUMENTS.keySet()).as("sample arguments, one entry per tool")
                .containsExactlyInAnyOrderElementsOf(names);
    }

    @Test
    void anUnknownToolIsNamedAndTheToolsTheKeyMayCallAreListed() {
        assertThatThrownBy(() -> everything.callTool(new McpSchema.CallToolRequest("quer_table", Map.of())))
                .isInstanceOf(McpError.class)
                .hasMessageContaining("Unknown tool 'quer_table'")
                .hasMessageContaining(String.join(", ", tools().toList()))
                .hasMessageNotContaining("invalid_tool_name");

        McpSyncClient reader = server.client(server.createKey("contract-reader", "anon", "read:tables").secret());
        assertThatThrownBy(() -> reader.callTool(new McpSchema.CallToolRequest("drop_table", Map.of())))
                .hasMessageContaining("Unknown tool 'drop_table'").hasMessageContaining("may call: query_table.")
                .hasMessageNotContaining("insert_record");

        TestServer.Key auditor = server.createKey("contract-auditor", "service", "read:audit");
        McpSyncClient none = server.client(auditor.secret());
        assertThatThrownBy(() -> none.callTool(new McpSchema.CallToolRequest("query_table_x", Map.of())))
                .hasMessageContaining("may call no tools").hasMessageContaining("read:tables for query_table");
        TestServer.await("the unknown tool's record", () -> server.count("SELECT count(*) FROM fluxbase.audit_log"
                + " WHERE key_id = ? AND method = 'tools/call'", auditor.id()) == 1);
        assertThat(server.count("SELECT count(*) FROM fluxbase.audit_log WHERE key_id = ? AND target = 'query_table_x'"
                + " AND outcome = 'invalid' AND error_code = 'unknown_tool'", auditor.id())).isOne();
    }

    @ParameterizedTest
    @MethodSource("tools")
    @SuppressWarnings("unchecked")
    void describesItselfFully(String name) {
        McpSchema.Tool tool = listed(name);
        assertThat(tool.description()).as(name + " description").isNotBlank();
        assertThat(tool.inputSchema()).as(name + " inputSchema").isNotNull();
        assertThat(tool.inputSchema()).containsEntry("type", "object");
        assertThat((Map<String, Object>) tool.inputSchema().get("properties")).as(name + " input properties")
                .isNotEmpty();
        assertThat(tool.outputSchema()).as(name + " outputSchema").isNotNull().containsEntry("type", "object");
        assertThat((Map<String, Object>) tool.outputSchema().get("properties")).as(name + " output properties")
                .isNotEmpty();
        McpSchema.ToolAnnotations hints = tool.annotations();
        assertThat(hints).as(name + " annotations").isNotNull();
        assertThat(hints.readOnlyHint()).as(name + " readOnlyHint").isNotNull();
        assertThat(hints.destructiveHint()).as(name + " destructiveHint").isNotNull();
        assertThat(hints.idempotentHint()).as(name + " idempotentHint").isNotNull();
        if (hints.readOnlyHint()) {
            assertThat(hints.destructiveHint()).as(name + ": a read-only tool destroys nothing").isFalse();
        }
    }

    @ParameterizedTest
    @MethodSource("tools")
    void itsResultMatchesItsOutputSchema(String name) {
        // the server does not check its own tools' results on every call (ToolSchemaValidator): this test does, with
        // the SDK's validator, against the schema the client was given
        McpSchema.CallToolResult result = everything.callTool(new McpSchema.CallToolRequest(name,
                SAMPLE_ARGUMENTS.get(name)));
        assertThat(result.isError()).as(name + ": " + result.content()).isFalse();
        assertThat(result.structuredContent()).as(name + " structuredContent").isNotNull();
        JsonSchemaValidator.ValidationResponse check = new DefaultJsonSchemaValidator()
                .validate(listed(name).outputSchema(), result.structuredContent());
        assertThat(check.valid()).as(name + ": " + check.errorMessage()).isTrue();
        assertThat(JsonMapper.shared().readValue(((McpSchema.TextContent) result.content().get(0)).text(), Map.class))
                .as(name + ": the text block holds the same JSON as the structured content")
                .isEqualTo(result.structuredContent());
    }

    @ParameterizedTest
    @MethodSource("tools")
    @SuppressWarnings("unchecked")
    void missingArgumentsAreAToolErrorNamingOne(String name) {
        McpSchema.CallToolResult result = everything.callTool(new McpSchema.CallToolRequest(name, Map.of()));
        assertThat(result.isError()).as(name).isTrue();
        String required = ((List<String>) listed(name).inputSchema().get("required")).get(0);
        assertThat(((McpSchema.TextContent) result.content().get(0)).text()).as(name).contains(required);
    }

    @ParameterizedTest
    @MethodSource("tools")
    void aKeyWithoutItsScopeIsRefusedNamingTheScopeAndLeavesOneRecord(String name) {
        Scope needed = ours(name).requiredScope();
        Scope other = Arrays.stream(Scope.values()).filter(scope -> scope != needed).findFirst().orElseThrow();
        TestServer.Key key = server.createKey("contract-without-" + name, "service", other.wireName());
        McpSyncClient client = server.client(key.secret());

        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(name,
                SAMPLE_ARGUMENTS.get(name)));

        assertThat(result.isError()).as(name).isTrue();
        assertThat(((McpSchema.TextContent) result.content().get(0)).text()).contains(needed.wireName());
        TestServer.await("the refused call's record", () -> server.count("SELECT count(*) FROM fluxbase.audit_log"
                + " WHERE key_id = ? AND method = 'tools/call'", key.id()) >= 1);
        assertThat(server.count("SELECT count(*) FROM fluxbase.audit_log WHERE key_id = ? AND method = 'tools/call'"
                + " AND target = ? AND outcome = 'denied' AND error_code = 'missing_scope'", key.id(), name))
                .isEqualTo(1);
        assertThat(server.count("SELECT count(*) FROM fluxbase.audit_log WHERE key_id = ? AND method = 'tools/call'",
                key.id())).isEqualTo(1);
    }
}
