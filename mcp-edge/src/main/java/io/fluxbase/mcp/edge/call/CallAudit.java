package io.fluxbase.mcp.edge.call;

import io.fluxbase.mcp.edge.McpSettings;
import io.fluxbase.mcp.kernel.audit.CallRecord;
import io.fluxbase.mcp.kernel.audit.CallRecorder;
import io.fluxbase.mcp.kernel.clientkey.ClientKeyView;
import io.fluxbase.mcp.kernel.audit.Digests;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Turns a finished call draft into its record and waits until the command log holds it. */
@Component
public class CallAudit {

    private static final Pattern SECRET_KEYS = Pattern.compile("(?i).*(password|secret|token|api_?key|content).*");
    private static final int MAX_REDACTED_CHARS = 4096;

    private final CallRecorder recorder;
    private final boolean keepRedactedArguments;
    private final JsonMapper json = JsonMapper.builder().build();

    CallAudit(CallRecorder recorder, McpSettings settings) {
        this.recorder = recorder;
        this.keepRedactedArguments = settings.audit().keepsRedactedArguments();
    }

    /** Completes on the call's home, not on the recorder's single writer thread (see {@link CallContext#home()}). */
    public Mono<Void> record(CallContext call) {
        if (call.recorded()) {
            return Mono.empty();
        }
        return Mono.fromFuture(() -> recorder.record(toRecord(call))).publishOn(call.home());
    }

    /** The call's record as far as it is known now; a write finishes it with its outcome in the same commit. */
    public CallRecord toRecord(CallContext call) {
        ClientKeyView key = call.principal().key();
        String canonical = call.arguments() == null ? null : json.writeValueAsString(call.arguments());
        return new CallRecord(call.time(), call.callId(), call.category(), call.sessionId(),
                key == null ? null : key.id(), key == null ? null : key.name(),
                key == null ? null : key.type().wireName(), key == null ? null : key.databaseRole(),
                key == null ? null : key.userId(), call.method(), call.target(),
                canonical == null ? null : Digests.sha256(canonical),
                keepRedactedArguments ? redacted(call.arguments()) : null,
                call.outcome(), call.errorCode(), call.message(), call.rows(), call.bytesOut(), call.elapsedMillis(),
                call.clientName(), call.clientVersion(), call.ip(), call.userAgent(), call.traceId());
    }

    private @Nullable String redacted(@Nullable Object arguments) {
        if (!(arguments instanceof Map<?, ?> map)) {
            return null;
        }
        Map<String, Object> copy = new java.util.LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k),
                SECRET_KEYS.matcher(String.valueOf(k)).matches() ? "[redacted]" : v));
        String text = json.writeValueAsString(copy);
        return text.length() > MAX_REDACTED_CHARS ? text.substring(0, MAX_REDACTED_CHARS) + "…" : text;
    }
}
