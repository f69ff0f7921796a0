package io.fluxbase.mcp.kernel.function;

import java.time.Duration;
import java.util.Objects;

/**
 * One deployed version of a function: its JavaScript ES module source and the limits it runs under. The runtime
 * keys what it caches on {@code (name, version, sha256)}, so a new source must come with a new version or digest.
 *
 * @param timeout          wall-clock limit of one invocation, from the start of the module's evaluation
 * @param maxResponseBytes limit on the response body, measured as UTF-8 JSON
 */
public record FunctionCode(String name, int version, String sha256, String source, Duration timeout,
        long maxResponseBytes) {

    public FunctionCode {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, not " + timeout);
        }
        if (maxResponseBytes <= 0) {
            throw new IllegalArgumentException("maxResponseBytes must be positive, not " + maxResponseBytes);
        }
    }

    /** {@code name@version}, how logs and messages name the function. */
    public String label() {
        return name + "@" + version;
    }
}
