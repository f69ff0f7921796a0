package io.fluxbase.mcp.edge.call;

import io.fluxbase.mcp.edge.McpSettings;
import io.fluxbase.mcp.edge.metrics.McpCallMetrics;
import io.fluxbase.mcp.kernel.audit.ArgumentAudit;
import io.fluxbase.mcp.kernel.audit.CallRecord;
import io.fluxbase.mcp.kernel.audit.CallRecorder;
import io.fluxbase.mcp.kernel.audit.Digests;
import io.fluxbase.mcp.kernel.audit.SecretNames;
import io.fluxbase.mcp.kernel.clientkey.ClientKeyView;
import io.modelcontextprotocol.spec.McpSchema;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a finished call draft into its record and waits until the command log holds it. What the record keeps of
 * the arguments and of the error message follows {@code audit.arguments}: secrets masked at any depth and the values
 * PostgreSQL quotes dropped from the message, unless it is {@code full}.
 */
@Component
public class CallAudit {

    private static final int MAX_ARGUMENT_CHARS = 4096;

    private final CallRecorder recorder;
    private final ArgumentAudit mode;
    private final SecretNames secrets;
    private final JsonMapper json = JsonMapper.builder().build();

    private final McpCallMetrics metrics;

    CallAudit(CallRecorder recorder, McpSettings settings, McpCallMetrics metrics) {
        this.recorder = recorder;
        this.metrics = metrics;
        this.mode = settings.audit().mode();
        this.secrets = settings.audit().secrets();
    }

    /** Completes on the call's home, not on the recorder's single writer thread (see {@link CallContext#home()}). */
    public Mono<Void> record(CallContext call) {
        ClientKeyView key = call.principal().key();
        // a tool's name is the caller's until the catalogue finds it: refusals before that (no session, over the
        // rate limit, an unknown tool) must not mint metric series or take the places of real tools
        boolean madeUpTool = McpSchema.METHOD_TOOLS_CALL.equals(call.method()) && !call.toolResolved();
        metrics.observe(call.method(), madeUpTool ? null : call.target(), key == null ? null : key.id(),
                call.outcome().wireName(), call.elapsedMillis());
        if (call.recorded()) {
            return Mono.empty();
        }
        return Mono.fromFuture(() -> recorder.record(toRecord(call), call.alongside())).publishOn(call.home());
    }

    /** The call's record as far as it is known now; a write finishes it with its outcome in the same commit. */
    public CallRecord toRecord(CallContext call) {
        ClientKeyView key = call.principal().key();
        // Of the arguments as kept: a digest over a password would let whoever reads the log confirm guesses of it.
        String canonical = call.arguments() == null ? null
                : json.writeValueAsString(mode.recordedArguments(secrets, call.arguments()));
        return new CallRecord(call.time(), call.callId(), call.category(), call.sessionId(),
                key == null ? null : key.id(), key == null ? null : key.name(),
                key == null ? null : key.type().wireName(), key == null ? null : key.databaseRole(),
                key == null ? null : key.userId(), call.method(), call.target(),
                canonical == null ? null : Digests.sha256(canonical),
                mode.keepsArguments() ? kept(canonical) : null,
                call.outcome(), call.errorCode(), mode.recordedMessage(call.message()), call.rows(), call.bytesOut(),
                call.elapsedMillis(), call.clientName(), call.clientVersion(), call.ip(), call.userAgent(),
                call.traceId(), call.table());
    }

    /** The arguments' text (masked unless {@code full}, as digested), cut to a length a record keeps. */
    private static @Nullable String kept(@Nullable String text) {
        if (text == null) {
            return null;
        }
        return text.length() > MAX_ARGUMENT_CHARS ? text.substring(0, MAX_ARGUMENT_CHARS) + "…" : text;
    }
}
