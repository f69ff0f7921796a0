package io.fluxbase.mcp.edge.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * {@code mcp.server.operation.duration} (OpenTelemetry MCP semantic conventions): a histogram per method
 * ({@code mcp.method.name}), tool ({@code gen_ai.tool.name}), resource scheme ({@code mcp.resource.uri}, the scheme
 * only: resource URIs carry row ids) and outcome; and {@code fluxbase.mcp.calls} per key id for the first
 * {@link #MAX_KEYS} keys a node sees (later ones count as {@code other}), so the series stay bounded.
 * <p>
 * Meters are cached by their tag values: a call looks one up in a map and records, nothing more. Methods outside the
 * protocol's count as {@code other}, and so do tool names the catalogue did not find (unknown, or refused before the
 * lookup: no session, over the rate limit) and names beyond the first {@link #MAX_TOOLS}, so a client naming made-up
 * tools can neither mint series nor take the places of real tools.
 */
@Component
public class McpCallMetrics {

    static final String DURATION = "mcp.server.operation.duration";
    static final String CALLS_BY_KEY = "fluxbase.mcp.calls";
    static final int MAX_KEYS = 100;
    static final int MAX_TOOLS = 200;
    private static final String OTHER = "other";
    private static final Set<String> METHODS = Set.of(McpSchema.METHOD_INITIALIZE,
            McpSchema.METHOD_NOTIFICATION_INITIALIZED, McpSchema.METHOD_PING, McpSchema.METHOD_TOOLS_LIST,
            McpSchema.METHOD_TOOLS_CALL, McpSchema.METHOD_RESOURCES_LIST, McpSchema.METHOD_RESOURCES_READ,
            McpSchema.METHOD_RESOURCES_TEMPLATES_LIST, McpSchema.METHOD_RESOURCES_SUBSCRIBE,
            McpSchema.METHOD_RESOURCES_UNSUBSCRIBE, McpSchema.METHOD_PROMPT_LIST, McpSchema.METHOD_PROMPT_GET,
            McpSchema.METHOD_LOGGING_SET_LEVEL, McpSchema.METHOD_COMPLETION_COMPLETE,
            "notifications/cancelled", "functions/invoke");

    private record Operation(String method, String tool, String resource, String outcome) {
    }

    private record KeyOutcome(String keyId, String outcome) {
    }

    private final MeterRegistry registry;
    private final Map<Operation, Timer> durations = new ConcurrentHashMap<>();
    private final Map<KeyOutcome, Counter> byKey = new ConcurrentHashMap<>();
    private final Set<String> keysSeen = ConcurrentHashMap.newKeySet();
    private final Set<String> toolsSeen = ConcurrentHashMap.newKeySet();

    McpCallMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * One finished call: its method, target (a tool name or resource URI; null for a tool name the catalogue did not
     * find, counted as {@code other}), key, outcome and elapsed time.
     */
    public void observe(String method, @Nullable String target, @Nullable String keyId, String outcome,
            double elapsedMillis) {
        boolean known = METHODS.contains(method);
        String tool = !McpSchema.METHOD_TOOLS_CALL.equals(method) ? ""
                : target == null ? OTHER : bounded(toolsSeen, target, MAX_TOOLS);
        String resource = McpSchema.METHOD_RESOURCES_READ.equals(method) && target != null ? scheme(target) : "";
        durations.computeIfAbsent(new Operation(known ? method : OTHER, tool, resource, outcome), this::timer)
                .record((long) (elapsedMillis * 1_000_000), TimeUnit.NANOSECONDS);
        if (keyId != null) {
            byKey.computeIfAbsent(new KeyOutcome(bounded(keysSeen, keyId, MAX_KEYS), outcome), this::counter)
                    .increment();
        }
    }

    /** The value itself while fewer than {@code max} distinct values were seen (or it is one of them), else other. */
    private static String bounded(Set<String> seen, String value, int max) {
        return seen.contains(value) || (seen.size() < max && seen.add(value)) ? value : OTHER;
    }

    private Timer timer(Operation operation) {
        return Timer.builder(DURATION)
                .description("MCP requests handled, by method, tool, resource scheme and outcome")
                .tag("mcp.method.name", operation.method())
                .tag("gen_ai.tool.name", operation.tool())
                .tag("mcp.resource.uri", operation.resource())
                .tag("outcome", operation.outcome())
                .publishPercentileHistogram()
                .register(registry);
    }

    private Counter counter(KeyOutcome key) {
        return Counter.builder(CALLS_BY_KEY)
                .description("MCP requests per client key id (the first " + MAX_KEYS + " keys; others as 'other')")
                .tag("fluxbase.key.id", key.keyId())
                .tag("outcome", key.outcome())
                .register(registry);
    }

    private static String scheme(String uri) {
        int colon = uri.indexOf("://");
        String scheme = colon < 0 ? OTHER : uri.substring(0, colon);
        return scheme.matches("[a-z][a-z0-9+.-]{0,20}") ? scheme + "://" : OTHER;
    }
}
