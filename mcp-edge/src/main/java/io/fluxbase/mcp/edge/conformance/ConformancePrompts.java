package io.fluxbase.mcp.edge.conformance;

import io.modelcontextprotocol.server.McpServerFeatures.AsyncCompletionSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncPromptSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.GetPromptRequest;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.PromptArgument;
import io.modelcontextprotocol.spec.McpSchema.PromptMessage;
import io.modelcontextprotocol.spec.McpSchema.Role;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/** The fixture prompts of the conformance {@code prompts-*} scenarios and the {@code completion-complete} handler. */
final class ConformancePrompts {

    static final String PROMPT_WITH_ARGUMENTS = "test_prompt_with_arguments";

    /** What {@code arg1} of {@value #PROMPT_WITH_ARGUMENTS} completes to, filtered by the typed prefix. */
    private static final List<String> ARG1_SUGGESTIONS = List.of("paris", "park", "party", "test", "testing");

    private ConformancePrompts() {
    }

    static List<AsyncPromptSpecification> all() {
        return List.of(
                prompt("test_simple_prompt", "A simple prompt without arguments", List.of(),
                        args -> List.of(text("This is a simple prompt for testing."))),
                prompt(PROMPT_WITH_ARGUMENTS, "A prompt that substitutes two arguments",
                        List.of(argument("arg1", "First test argument"), argument("arg2", "Second test argument")),
                        args -> List.of(text("Prompt with arguments: arg1='" + args.getOrDefault("arg1", "")
                                + "', arg2='" + args.getOrDefault("arg2", "") + "'"))),
                prompt("test_prompt_with_embedded_resource", "A prompt that embeds a resource",
                        List.of(argument("resourceUri", "URI of the resource to embed")),
                        args -> List.of(
                                message(McpSchema.EmbeddedResource.builder(McpSchema.TextResourceContents
                                        .builder(args.getOrDefault("resourceUri", "test://example-resource"),
                                                "Embedded resource content for testing.")
                                        .mimeType("text/plain")
                                        .build()).build()),
                                text("Please process the embedded resource above."))),
                prompt("test_prompt_with_image", "A prompt that carries an image", List.of(),
                        args -> List.of(
                                message(McpSchema.ImageContent
                                        .builder(ConformanceMedia.PNG_BASE64, ConformanceMedia.PNG_MIME_TYPE)
                                        .build()),
                                text("Please analyze the image above."))));
    }

    static List<AsyncCompletionSpecification> completions() {
        return List.of(new AsyncCompletionSpecification(new McpSchema.PromptReference(PROMPT_WITH_ARGUMENTS),
                (exchange, request) -> {
                    if (!"arg1".equals(request.argument().name())) {
                        return Mono.just(completion(List.of()));
                    }
                    String typed = request.argument().value() == null
                            ? ""
                            : request.argument().value().toLowerCase(Locale.ROOT);
                    return Mono.just(completion(ARG1_SUGGESTIONS.stream().filter(s -> s.startsWith(typed)).toList()));
                }));
    }

    private static McpSchema.CompleteResult completion(List<String> values) {
        return new McpSchema.CompleteResult(
                new McpSchema.CompleteResult.CompleteCompletion(values, values.size(), false));
    }

    private static AsyncPromptSpecification prompt(String name, String description, List<PromptArgument> arguments,
            Function<Map<String, String>, List<PromptMessage>> messages) {
        McpSchema.Prompt prompt =
                McpSchema.Prompt.builder(name).description(description).arguments(arguments).build();
        return new AsyncPromptSpecification(prompt, (exchange, request) -> Mono.fromCallable(() -> GetPromptResult
                .builder(messages.apply(stringArguments(request)))
                .description(description)
                .build()));
    }

    private static Map<String, String> stringArguments(GetPromptRequest request) {
        Map<String, Object> raw = request.arguments();
        if (raw == null) {
            return Map.of();
        }
        Map<String, String> strings = new HashMap<>();
        raw.forEach((key, value) -> {
            if (value != null) {
                strings.put(key, value.toString());
            }
        });
        return strings;
    }

    private static PromptArgument argument(String name, String description) {
        return PromptArgument.builder(name).description(description).required(true).build();
    }

    private static PromptMessage text(String text) {
        return message(McpSchema.TextContent.builder(text).build());
    }

    private static PromptMessage message(McpSchema.Content content) {
        return PromptMessage.builder(Role.USER, content).build();
    }
}
