package io.fluxbase.mcp.edge.conformance;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncResourceTemplateSpecification;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.ResourceContents;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;

/** The fixture resources of the conformance {@code resources-*} scenarios. */
final class ConformanceResources {

    static final String TEMPLATE = "test://template/{id}/data";

    private static final Pattern TEMPLATE_URI = Pattern.compile("^test://template/([^/]+)/data$");

    private ConformanceResources() {
    }

    static List<AsyncResourceSpecification> resources() {
        return List.of(
                resource("test://static-text", "static-text", "A static text resource for testing", "text/plain",
                        text("test://static-text", "text/plain", "This is the content of the static text resource.")),
                resource("test://static-binary", "static-binary", "A static binary resource (1x1 PNG) for testing",
                        ConformanceMedia.PNG_MIME_TYPE,
                        McpSchema.BlobResourceContents.builder("test://static-binary", ConformanceMedia.PNG_BASE64)
                                .mimeType(ConformanceMedia.PNG_MIME_TYPE)
                                .build()),
                resource("test://watched-resource", "watched-resource", "A resource clients can subscribe to",
                        "text/plain", text("test://watched-resource", "text/plain", "Watched resource content")));
    }

    static List<AsyncResourceTemplateSpecification> templates() {
        McpSchema.ResourceTemplate template = McpSchema.ResourceTemplate.builder(TEMPLATE, "template-data")
                .description("A resource template whose {id} is echoed back in the content")
                .mimeType("application/json")
                .build();
        return List.of(new AsyncResourceTemplateSpecification(template, (exchange, request) -> {
            Matcher matcher = TEMPLATE_URI.matcher(request.uri());
            if (!matcher.matches()) {
                return Mono.error(McpError.RESOURCE_NOT_FOUND.apply(request.uri()));
            }
            String id = matcher.group(1);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", id);
            body.put("templateTest", true);
            body.put("data", "Data for ID: " + id);
            return Mono.fromCallable(() -> ReadResourceResult.builder(
                    List.of(text(request.uri(), "application/json", json(body)))).build());
        }));
    }

    private static AsyncResourceSpecification resource(String uri, String name, String description, String mimeType,
            ResourceContents contents) {
        McpSchema.Resource resource = McpSchema.Resource.builder(uri, name)
                .description(description)
                .mimeType(mimeType)
                .build();
        ReadResourceResult result = ReadResourceResult.builder(List.of(contents)).build();
        return new AsyncResourceSpecification(resource, (exchange, request) -> Mono.just(result));
    }

    private static ResourceContents text(String uri, String mimeType, String text) {
        return McpSchema.TextResourceContents.builder(uri, text).mimeType(mimeType).build();
    }

    private static String json(Map<String, Object> value) throws IOException {
        return McpJsonDefaults.getMapper().writeValueAsString(value);
    }
}
