package io.fluxbase.mcp.kernel.audit;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a request to the MCP endpoint ended; each request has exactly one. {@code UNREADABLE} is never recorded: the
 * audit log shows it in place of a record it could not store, which was set aside as a dead letter.
 */
public enum CallOutcome {
    OK, ERROR, DENIED, RATE_LIMITED, INVALID, UNREADABLE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CallOutcome parse(String text) {
        for (CallOutcome outcome : values()) {
            if (outcome.wireName().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return outcome;
            }
        }
        throw new IllegalArgumentException("unknown status '" + text + "'; use one of "
                + Arrays.stream(values()).map(CallOutcome::wireName).collect(Collectors.joining(", ")));
    }
}
