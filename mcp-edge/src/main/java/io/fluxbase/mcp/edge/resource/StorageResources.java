package io.fluxbase.mcp.edge.resource;

import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import io.fluxbase.mcp.kernel.storage.BucketView;
import io.fluxbase.mcp.kernel.storage.FileReader;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** {@code storage://buckets}: every bucket with its visibility and limits, and the files this key can see in it. */
@Component
class StorageResources implements ResourceGroup {

    static final String BUCKETS_URI = "storage://buckets";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final FileReader files;

    StorageResources(FileReader files) {
        this.files = files;
    }

    @Override
    public String scheme() {
        return "storage://";
    }

    @Override
    public Scope requiredScope() {
        return Scope.READ_STORAGE;
    }

    @Override
    public List<McpServerFeatures.AsyncResourceSpecification> resources() {
        McpSchema.Resource buckets = McpSchema.Resource.builder()
                .uri(BUCKETS_URI)
                .name("buckets")
                .title("Storage buckets")
                .description("Buckets: public or not, the largest file and the content types each takes, and the"
                        + " number and bytes of the files this key can see in it")
                .mimeType(ResourceReads.JSON)
                .build();
        return List.of(new McpServerFeatures.AsyncResourceSpecification(buckets, (exchange, request) ->
                Mono.defer(() -> {
                    CallContext call = ResourceReads.permitted(exchange, request.uri(), Scope.READ_STORAGE);
                    return Mono.fromFuture(() -> files.buckets(call.principal().caller()))
                            .map(list -> ResourceReads.result(request.uri(), JSON.writeValueAsString(
                                    Map.of("buckets", list.stream().map(BucketView::shown).toList()))));
                })));
    }

    @Override
    public List<McpServerFeatures.AsyncResourceTemplateSpecification> templates() {
        return List.of();
    }
}
