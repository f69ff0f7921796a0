package io.fluxbase.mcp.kernel.function;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * {@code fluxbase functions deploy}: a new version of a function, its source already checked to compile; with
 * {@code job}, a job's handler ({@code --job}).
 */
public record DeployFunctionCommand(String name, String source, String description, Duration timeout,
        @Nullable String inputSchema, @Nullable JobDefinition job) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

    public DeployFunctionCommand {
        FunctionName.check(name, "name");
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("timeout: must be more than 0 and at most 5m, got " + timeout);
        }
    }
}
