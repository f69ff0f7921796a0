package io.fluxbase.mcp.kernel.function;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** How much a function has been called and how its last run ended, across all its versions. */
public record FunctionActivity(String name, long invocations, @Nullable Instant lastInvokedAt,
        @Nullable String lastOutcome, @Nullable Integer lastStatus) {

    /** The activity of {@code name} among all functions' ({@link FunctionExecutions#activity()}); none yet if absent. */
    public static FunctionActivity of(String name, Map<String, FunctionActivity> all) {
        FunctionActivity known = all.get(name);
        return known != null ? known : new FunctionActivity(name, 0, null, null, null);
    }

    /** Adds the one JSON shape of activity, for the admin API and the resources alike, to a function's view. */
    public Map<String, @Nullable Object> addTo(Map<String, @Nullable Object> view) {
        view.put("invocations", invocations);
        view.put("last_invoked_at", lastInvokedAt == null ? null : lastInvokedAt.toString());
        view.put("last_outcome", lastOutcome);
        view.put("last_status", lastStatus);
        return view;
    }
}
