package io.fluxbase.mcp.kernel.function;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** One recorded run of a function, as {@code fluxbase functions logs} and functions://{name} show it. */
public record FunctionExecution(String callId, Instant time, String name, int version, @Nullable String keyId,
        String via, String outcome, @Nullable Integer status, @Nullable String error, double durationMs, long bytes,
        List<String> logs) {

    public FunctionExecution {
        logs = List.copyOf(logs);
    }

    /**
     * What a caller of the function, with key {@code viewer}, may see of a run: when, which version, how it ended and
     * how long it took; the error's text only of its own key's runs, since it can quote what another caller sent or
     * could read; never who called it nor what it logged (that is for the admin, {@link #shownWhole()}).
     */
    public Map<String, @Nullable Object> shownTo(@Nullable String viewer) {
        return view(viewer != null && viewer.equals(keyId) ? error : null);
    }

    /** The whole run, for the admin API ({@code fluxbase functions logs}). */
    public Map<String, @Nullable Object> shownWhole() {
        Map<String, @Nullable Object> view = new LinkedHashMap<>();
        view.put("call_id", callId);
        view.put("key_id", keyId);
        view.putAll(view(error));
        view.put("logs", logs);
        return view;
    }

    private Map<String, @Nullable Object> view(@Nullable String shownError) {
        Map<String, @Nullable Object> view = new LinkedHashMap<>();
        view.put("time", time.toString());
        view.put("version", version);
        view.put("via", via);
        view.put("outcome", outcome);
        view.put("status", status);
        view.put("error", shownError);
        view.put("duration_ms", Math.round(durationMs * 1000) / 1000.0);
        view.put("bytes", bytes);
        return view;
    }
}
