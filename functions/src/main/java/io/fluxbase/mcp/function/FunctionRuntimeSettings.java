package io.fluxbase.mcp.function;

import io.fluxbase.mcp.kernel.storage.ByteSize;
import java.time.Duration;

/**
 * Limits every function shares (per-function limits are in {@code FunctionCode}).
 *
 * @param statementLimit   JS statements one invocation may run; ends busy loops even before the timeout. Fixed per
 *                         runtime because GraalJS requires one limit for all contexts of a shared engine
 * @param threadStackBytes stack of each invocation thread: how deep a function may recurse before "ran out of stack"
 * @param checkTimeout     wall-clock limit on a module's top-level code when its source is checked; generous, since the
 *                         first deploy after start pays for compiling the engine on a busy machine
 * @param maxMemoryBytes   bytes one invocation may allocate, garbage included ({@code functions.max_memory}): the
 *                         community edition has no heap limit per context, so this is what keeps one call from
 *                         taking the server's heap
 * @param allowedHosts     what {@code fetch} may reach ({@code functions.allowed_hosts}); none by default
 */
public record FunctionRuntimeSettings(long statementLimit, long threadStackBytes, Duration checkTimeout,
        long maxMemoryBytes, AllowedHosts allowedHosts) {

    public static final long DEFAULT_STATEMENT_LIMIT = 50_000_000L;
    public static final String DEFAULT_MAX_MEMORY = "1GB";
    public static final String MAX_MEMORY_SETTING = "functions.max_memory";

    public FunctionRuntimeSettings {
        if (statementLimit <= 0 || threadStackBytes <= 0 || checkTimeout.isNegative() || checkTimeout.isZero()
                || maxMemoryBytes <= 0) {
            throw new IllegalArgumentException("function runtime limits must be positive");
        }
    }

    public static FunctionRuntimeSettings defaults() {
        return new FunctionRuntimeSettings(DEFAULT_STATEMENT_LIMIT, 8L * 1024 * 1024, Duration.ofSeconds(15),
                ByteSize.parse(DEFAULT_MAX_MEMORY, MAX_MEMORY_SETTING),
                AllowedHosts.none());
    }

    public FunctionRuntimeSettings withStatementLimit(long limit) {
        return new FunctionRuntimeSettings(limit, threadStackBytes, checkTimeout, maxMemoryBytes, allowedHosts);
    }

    public FunctionRuntimeSettings withMaxMemory(long bytes) {
        return new FunctionRuntimeSettings(statementLimit, threadStackBytes, checkTimeout, bytes, allowedHosts);
    }

    public FunctionRuntimeSettings withAllowedHosts(AllowedHosts hosts) {
        return new FunctionRuntimeSettings(statementLimit, threadStackBytes, checkTimeout, maxMemoryBytes, hosts);
    }
}
