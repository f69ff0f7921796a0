package io.fluxbase.mcp.kernel.function;

import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;
import org.jspecify.annotations.Nullable;

/**
 * One run of a function, appended with its call's record in the same commit. Writes the function made through
 * {@code ctx.db} carry the same {@code callId} in their change events, so a row's history names the call (and, through
 * this event, the function) that changed it. Secrets never reach it: log lines are masked before they are kept.
 *
 * @param via        how it was called: {@code mcp} (invoke_function) or {@code http} (POST /functions/v1/{name})
 * @param outcome    {@code ok}, or why there is no response: a {@link FunctionFailed.Reason} in lower case
 * @param status     the response's HTTP status; null when there is none
 * @param error      the failure's message; null on {@code ok}
 * @param bytes      the size of the response body as sent
 * @param logs       the function's log lines ({@code ctx.log}, {@code console.*}), capped
 */
@Revision("1")
public record FunctionInvokedEvent(String name, int version, @Nullable String keyId, String callId, String via,
        Instant time, String outcome, @Nullable Integer status, @Nullable String error, double durationMs, long bytes,
        List<String> logs) {

    public static final String OK = "ok";

    public FunctionInvokedEvent {
        logs = List.copyOf(logs);
    }

    /** The outcome's name for a failure. */
    public static String outcomeOf(FunctionFailed.Reason reason) {
        return reason.name().toLowerCase(java.util.Locale.ROOT);
    }
}
