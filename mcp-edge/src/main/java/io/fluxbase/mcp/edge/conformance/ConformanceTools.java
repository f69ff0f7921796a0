package io.fluxbase.mcp.edge.conformance;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/** The fixture tools of the conformance {@code tools-*}, {@code elicitation-*} and {@code json-schema-*} scenarios. */
final class ConformanceTools {

    private static final Duration STEP = Duration.ofMillis(50);

    private ConformanceTools() {
    }

    static List<AsyncToolSpecification> all() {
        return List.of(
                tool("test_simple_text", "Returns a simple text response", noArguments(),
                        (exchange, request) -> Mono.just(text("This is a simple text response for testing."))),
                tool("test_image_content", "Returns a 1x1 PNG image", noArguments(),
                        (exchange, request) -> Mono.just(result(image()))),
                tool("test_audio_content", "Returns a short WAV clip", noArguments(),
                        (exchange, request) -> Mono.just(result(McpSchema.AudioContent
                                .builder(ConformanceMedia.WAV_BASE64, ConformanceMedia.WAV_MIME_TYPE)
                                .build()))),
                tool("test_embedded_resource", "Returns an embedded text resource", noArguments(),
                        (exchange, request) -> Mono.just(result(embedded("test://embedded-resource", "text/plain",
                                "This is an embedded resource content.")))),
                tool("test_multiple_content_types", "Returns text, an image and an embedded resource", noArguments(),
                        (exchange, request) -> Mono.just(CallToolResult.builder()
                                .addTextContent("Multiple content types test:")
                                .addContent(image())
                                .addContent(embedded("test://mixed-content-resource", "application/json",
                                        "{\"test\":\"data\",\"value\":123}"))
                                .build())),
                tool("test_tool_with_logging", "Sends three info log notifications while it runs", noArguments(),
                        ConformanceTools::withLogging),
                tool("test_error_handling", "Always fails with a tool error", noArguments(),
                        (exchange, request) -> Mono.just(CallToolResult.builder()
                                .addTextContent("This tool intentionally returns an error for testing")
                                .isError(true)
                                .build())),
                tool("test_tool_with_progress", "Reports progress 0, 50 and 100 of 100", noArguments(),
                        ConformanceTools::withProgress),
                tool("test_sampling", "Asks the client's LLM to answer a prompt",
                        stringArguments(Map.of("prompt", "The prompt to send to the LLM")),
                        ConformanceTools::sampling),
                tool("test_elicitation", "Asks the user for a username and an email address",
                        stringArguments(Map.of("message", "The message to show the user")),
                        (exchange, request) -> elicit(exchange,
                                stringArgument(request, "message", "Please provide your information"),
                                ConformanceSchemas.userInfo(), "User response: ")),
                tool("test_elicitation_sep1034_defaults", "Elicits fields that all carry default values (SEP-1034)",
                        noArguments(),
                        (exchange, request) -> elicit(exchange,
                                "Please review and update the form fields with defaults",
                                ConformanceSchemas.withDefaults(), "Elicitation completed: ")),
                tool("test_elicitation_sep1330_enums", "Elicits every enum schema variant (SEP-1330)", noArguments(),
                        (exchange, request) -> elicit(exchange, "Please select options from the enum fields",
                                ConformanceSchemas.enums(), "Elicitation completed: ")),
                tool("json_schema_2020_12_tool", "Tool with JSON Schema 2020-12 features",
                        ConformanceSchemas.jsonSchema202012(),
                        (exchange, request) -> Mono.just(text("JSON Schema 2020-12 tool called"))));
    }

    private static Mono<CallToolResult> withLogging(McpAsyncServerExchange exchange, CallToolRequest request) {
        return log(exchange, "Tool execution started")
                .then(Mono.delay(STEP))
                .then(log(exchange, "Tool processing data"))
                .then(Mono.delay(STEP))
                .then(log(exchange, "Tool execution completed"))
                .thenReturn(text("Tool with logging executed successfully"));
    }

    private static Mono<Void> log(McpAsyncServerExchange exchange, String message) {
        return Mono.defer(() -> exchange.loggingNotification(McpSchema.LoggingMessageNotification
                .builder(McpSchema.LoggingLevel.INFO, message)
                .logger("conformance")
                .build()));
    }

    private static Mono<CallToolResult> withProgress(McpAsyncServerExchange exchange, CallToolRequest request) {
        Object token = request.progressToken();
        return progress(exchange, token, 0)
                .then(Mono.delay(STEP))
                .then(progress(exchange, token, 50))
                .then(Mono.delay(STEP))
                .then(progress(exchange, token, 100))
                .thenReturn(text("Tool with progress executed successfully"));
    }

    private static Mono<Void> progress(McpAsyncServerExchange exchange, @Nullable Object token, double done) {
        if (token == null) {
            return Mono.empty();
        }
        return Mono.defer(() -> exchange.progressNotification(McpSchema.ProgressNotification.builder(token, done)
                .total(100.0)
                .message("Progress " + (int) done + " of 100")
                .build()));
    }

    private static Mono<CallToolResult> sampling(McpAsyncServerExchange exchange, CallToolRequest request) {
        if (exchange.getClientCapabilities() == null || exchange.getClientCapabilities().sampling() == null) {
            return Mono.just(error("The client does not support sampling"));
        }
        String prompt = stringArgument(request, "prompt", "");
        McpSchema.SamplingMessage question =
                McpSchema.SamplingMessage.builder(McpSchema.Role.USER, McpSchema.TextContent.builder(prompt).build())
                        .build();
        McpSchema.CreateMessageRequest sample = McpSchema.CreateMessageRequest.builder(List.of(question), 100).build();
        return exchange.createMessage(sample)
                .map(answer -> text("LLM response: " + contentText(answer.content())))
                .onErrorResume(e -> Mono.just(error("Sampling failed: " + e.getMessage())));
    }

    private static Mono<CallToolResult> elicit(McpAsyncServerExchange exchange, String message,
            Map<String, Object> schema, String prefix) {
        if (exchange.getClientCapabilities() == null || exchange.getClientCapabilities().elicitation() == null) {
            return Mono.just(error("The client does not support elicitation"));
        }
        McpSchema.ElicitRequest ask = McpSchema.ElicitFormRequest.builder(message, schema).build();
        return exchange.createElicitation(ask)
                .map(answer -> text(prefix + "action=" + answer.action().name().toLowerCase(Locale.ROOT)
                        + ", content=" + json(answer.content())))
                .onErrorResume(e -> Mono.just(error("Elicitation failed: " + e.getMessage())));
    }

    private static AsyncToolSpecification tool(String name, String description, Map<String, Object> inputSchema,
            BiFunction<McpAsyncServerExchange, CallToolRequest, Mono<CallToolResult>> handler) {
        McpSchema.Tool tool = McpSchema.Tool.builder(name, inputSchema).description(description).build();
        return new AsyncToolSpecification(tool, handler);
    }

    private static Map<String, Object> noArguments() {
        return Map.of("type", "object", "properties", Map.of());
    }

    private static Map<String, Object> stringArguments(Map<String, String> descriptions) {
        Map<String, Object> properties = new LinkedHashMap<>();
        descriptions.forEach((name, description) -> properties.put(name,
                Map.of("type", "string", "description", description)));
        return Map.of("type", "object", "properties", properties, "required", List.copyOf(descriptions.keySet()));
    }

    private static String stringArgument(CallToolRequest request, String name, String fallback) {
        Map<String, Object> arguments = request.arguments();
        Object value = arguments == null ? null : arguments.get(name);
        return value == null ? fallback : value.toString();
    }

    private static String contentText(McpSchema.@Nullable Content content) {
        if (content instanceof McpSchema.TextContent textContent) {
            return textContent.text();
        }
        return content == null ? "" : content.type();
    }

    private static String json(@Nullable Object value) {
        try {
            return McpJsonDefaults.getMapper().writeValueAsString(value);
        } catch (IOException e) {
            return Objects.toString(value);
        }
    }

    private static McpSchema.ImageContent image() {
        return McpSchema.ImageContent.builder(ConformanceMedia.PNG_BASE64, ConformanceMedia.PNG_MIME_TYPE).build();
    }

    private static McpSchema.EmbeddedResource embedded(String uri, String mimeType, String text) {
        return McpSchema.EmbeddedResource.builder(
                McpSchema.TextResourceContents.builder(uri, text).mimeType(mimeType).build()).build();
    }

    private static CallToolResult text(String text) {
        return CallToolResult.builder().addTextContent(text).build();
    }

    private static CallToolResult result(McpSchema.Content content) {
        return CallToolResult.builder().addContent(content).build();
    }

    private static CallToolResult error(String message) {
        return CallToolResult.builder().addTextContent(message).isError(true).build();
    }
}
