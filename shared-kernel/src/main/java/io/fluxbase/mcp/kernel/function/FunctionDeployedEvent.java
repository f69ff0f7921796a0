package io.fluxbase.mcp.kernel.function;

import org.axonframework.serialization.Revision;
import org.jspecify.annotations.Nullable;

/**
 * A function's new version, its source included: the log alone can bring every function back. {@code job} came
 * later; events written before it read as null (not a job), so the revision stays.
 */
@Revision("1")
public record FunctionDeployedEvent(String name, int version, String sha256, String description, long timeoutMs,
        @Nullable String inputSchema, String source, @Nullable JobDefinition job) {
}
