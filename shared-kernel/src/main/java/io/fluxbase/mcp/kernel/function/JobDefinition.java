package io.fluxbase.mcp.kernel.function;

import java.time.Duration;

/**
 * What makes a deployed function a job ({@code functions deploy --job}): how many attempts it gets and how long the
 * runner waits before the next one. The wait doubles each time: {@code backoff}, then twice it, and so on.
 */
public record JobDefinition(int maxAttempts, Duration backoff) {

    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(10);
    public static final int MOST_ATTEMPTS = 100;
    public static final Duration LONGEST_BACKOFF = Duration.ofHours(24);

    public JobDefinition {
        if (maxAttempts < 1 || maxAttempts > MOST_ATTEMPTS) {
            throw new IllegalArgumentException("max_attempts: must be from 1 to " + MOST_ATTEMPTS + ", got "
                    + maxAttempts);
        }
        if (backoff.isNegative() || backoff.compareTo(LONGEST_BACKOFF) > 0) {
            throw new IllegalArgumentException("backoff: must be from 0s to 24h, got " + backoff);
        }
    }
}
