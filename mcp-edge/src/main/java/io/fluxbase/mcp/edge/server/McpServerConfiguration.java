package io.fluxbase.mcp.edge.server;

import io.fluxbase.mcp.edge.McpSettings;
import io.fluxbase.mcp.edge.resource.ResourceGroup;
import io.fluxbase.mcp.edge.tool.ToolCatalogue;
import io.fluxbase.mcp.edge.transport.StreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import tools.jackson.databind.json.JsonMapper;

/** The MCP server: the SDK's async server on our transport, with the tool catalogue and resources. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(McpSettings.class)
class McpServerConfiguration {

    static final String SERVER_NAME = "fluxbase-mcp";
    static final String SERVER_VERSION = "1.0.0";

    @Bean
    McpJsonMapper mcpJsonMapper() {
        return new TreeReadingJsonMapper(JsonMapper.builder().build());
    }

    @Bean(destroyMethod = "close")
    McpAsyncServer mcpServer(StreamableHttpTransport transport, McpJsonMapper json, ToolCatalogue tools,
            List<ResourceGroup> resources, List<McpServerAdditions> additions) {
        List<McpServerFeatures.AsyncToolSpecification> catalogue = tools.specifications();
        var spec = McpServer.async(transport)
                .serverInfo(SERVER_NAME, SERVER_VERSION)
                .instructions("Fluxbase project data. Read schema://tables to see the tables this key may use, then"
                        + " call query_table, or insert_record, update_record and delete_record to change rows; read"
                        + " rpc://list for the functions invoke_rpc can call, storage://buckets for the buckets"
                        + " list_files, download_file, upload_file and delete_file work on, and functions://list for"
                        + " the edge functions invoke_function runs. vector_search finds rows by meaning in tables"
                        + " enabled for it. submit_job starts background work and get_job_status follows it. Errors"
                        + " name the argument, scope or policy at fault.")
                .jsonMapper(json)
                .jsonSchemaValidator(new ToolSchemaValidator(catalogue.stream()
                        .map(tool -> tool.tool().outputSchema()).filter(Objects::nonNull).toList()))
                .requestTimeout(Duration.ofSeconds(60))
                .capabilities(McpSchema.ServerCapabilities.builder()
                        .tools(false)
                        .resources(true, true) // functions:// changes with every deploy
                        .prompts(false)
                        .logging()
                        .completions()
                        .build())
                .addToolFilter(tools.listFilter())
                .tools(catalogue)
                .resources(resources.stream().flatMap(group -> group.resources().stream()).toList())
                .resourceTemplates(resources.stream().flatMap(group -> group.templates().stream()).toList());
        for (McpServerAdditions more : additions) {
            spec.tools(more.tools())
                    .resources(more.resources())
                    .resourceTemplates(more.resourceTemplates())
                    .prompts(more.prompts())
                    .completions(more.completions());
        }
        return spec.build();
    }

    @Bean
    RouterFunction<ServerResponse> mcpRoutes(McpSettings settings, StreamableHttpTransport transport,
            McpAsyncServer server) {
        if (!settings.mcp().enabled()) {
            // mcp.enabled: false — no MCP endpoint (requests get 404); health and the admin API stay
            return RouterFunctions.route(request -> false, request -> ServerResponse.notFound().build());
        }
        return transport.routes();
    }
}
