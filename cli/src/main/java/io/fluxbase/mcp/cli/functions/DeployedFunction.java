package io.fluxbase.mcp.cli.functions;

import io.fluxbase.mcp.cli.json.CliJson;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A function as the admin API describes it. {@code inputSchema} is null when the function has no schema;
 * {@code lastStatus} and {@code lastOutcome} when it has not run yet ({@code lastStatus} also when its last run failed).
 */
record DeployedFunction(
        @Nullable String name,
        long version,
        @Nullable String sha256,
        @Nullable String description,
        @Nullable Long timeoutMs,
        @Nullable JsonNode inputSchema,
        @Nullable String deployedAt,
        long invocations,
        @Nullable Integer lastStatus,
        @Nullable String lastOutcome) {

    /** The admin API's field names, in the order CSV output lists them. */
    static final List<String> FIELDS = List.of("name", "version", "sha256", "description", "timeout_ms",
            "input_schema", "deployed_at", "invocations", "last_invoked_at", "last_outcome", "last_status");

    static DeployedFunction from(JsonNode json) {
        JsonNode timeout = json.path("timeout_ms");
        JsonNode schema = json.path("input_schema");
        JsonNode lastStatus = json.path("last_status");
        return new DeployedFunction(CliJson.text(json, "name"), json.path("version").asLong(0),
                CliJson.text(json, "sha256"), CliJson.text(json, "description"),
                timeout.isNumber() ? timeout.asLong() : null,
                schema.isObject() ? schema : null,
                CliJson.text(json, "deployed_at"), json.path("invocations").asLong(0),
                lastStatus.isNumber() ? lastStatus.asInt() : null, CliJson.text(json, "last_outcome"));
    }

    /** {@code 10 s} for whole seconds, else {@code 1500 ms}; null when the server sent none. */
    @Nullable String timeoutText() {
        if (timeoutMs == null) {
            return null;
        }
        return timeoutMs % 1000 == 0 && timeoutMs > 0 ? timeoutMs / 1000 + " s" : timeoutMs + " ms";
    }

    /** The last run's HTTP status, or how it failed when it gave none ({@code threw}, {@code timed_out}). */
    @Nullable String lastStatusText() {
        return lastStatus != null ? lastStatus.toString() : lastOutcome;
    }
}
