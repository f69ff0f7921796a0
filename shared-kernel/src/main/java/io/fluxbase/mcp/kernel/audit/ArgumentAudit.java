package io.fluxbase.mcp.kernel.audit;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * {@code audit.arguments}: what a call record keeps of the call's arguments, and of the values its error message
 * quotes. {@code digest} keeps a SHA-256 of the arguments; {@code redacted} keeps them too, with secrets masked at
 * any depth; {@code full} keeps arguments and messages as they were, secrets included, for debugging only.
 */
public enum ArgumentAudit {
    DIGEST, REDACTED, FULL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ArgumentAudit parse(String text) {
        for (ArgumentAudit mode : values()) {
            if (mode.wireName().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return mode;
            }
        }
        throw new IllegalArgumentException("audit.arguments: unknown value '" + text + "'; use one of "
                + Arrays.stream(values()).map(ArgumentAudit::wireName).collect(Collectors.joining(", ")));
    }

    public boolean keepsArguments() {
        return this != DIGEST;
    }

    /**
     * Arguments (or a job's payload) as the log keeps them: secret-named values masked at any depth, except in
     * {@code full}. Every place that puts a caller's values into the log passes them through here.
     */
    public @Nullable Object recordedArguments(SecretNames secrets, @Nullable Object arguments) {
        return this == FULL ? arguments : secrets.masked(arguments);
    }

    /**
     * The error message as a record keeps it: without the values PostgreSQL quotes, except in {@code full}. Every
     * place that finishes a call record with a message passes it through here.
     */
    public @Nullable String recordedMessage(@Nullable String message) {
        return this == FULL ? message : QuotedValues.removedFrom(message);
    }
}
