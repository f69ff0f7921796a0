package io.fluxbase.mcp.edge.call;

import io.fluxbase.mcp.edge.auth.Principal;
import io.fluxbase.mcp.kernel.audit.AuditCategory;
import io.fluxbase.mcp.kernel.audit.CallOutcome;
import io.fluxbase.mcp.kernel.audit.TimeOrderedIds;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The audit draft of one HTTP request to the MCP endpoint. Each stage fills in what it learns (transport: method and
 * session; authentication: key; tool: target, outcome, rows) and the transport records it exactly once before the
 * response goes out.
 */
public final class CallContext {

    /** Where tools find the draft in the SDK's transport context. */
    public static final String KEY = "fluxbase.call";

    private final String callId = TimeOrderedIds.next();
    private final Instant time = Instant.now();
    private final long startNanos = System.nanoTime();
    private final @Nullable String ip;
    private final @Nullable String userAgent;
    private final @Nullable String traceId;

    private AuditCategory category = AuditCategory.MCP;
    private volatile Principal principal = Principal.NOBODY;
    private @Nullable String sessionId;
    private String method = "unknown";
    private @Nullable Object requestId;
    private @Nullable String target;
    private boolean toolResolved;
    private @Nullable String table;
    private @Nullable Object arguments;
    private CallOutcome outcome = CallOutcome.OK;
    private @Nullable String errorCode;
    private @Nullable String message;
    private long rows;
    private volatile long bytesOut;
    private @Nullable String clientName;
    private @Nullable String clientVersion;
    private boolean recorded;
    private @Nullable Object writtenResult;
    private byte @Nullable [] writtenResponse;
    private final List<Object> alongside = new ArrayList<>(0);
    private Scheduler home = Schedulers.parallel();

    public CallContext(@Nullable String ip, @Nullable String userAgent, @Nullable String traceparent) {
        this.ip = ip;
        this.userAgent = userAgent;
        this.traceId = traceIdOf(traceparent);
    }

    /** The trace id of a W3C {@code traceparent} header ({@code 00-<32 hex>-<16 hex>-<2 hex>}), if well formed. */
    static @Nullable String traceIdOf(@Nullable String traceparent) {
        if (traceparent == null || !traceparent.matches("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}")) {
            return null;
        }
        String id = traceparent.substring(3, 35);
        return id.chars().allMatch(c -> c == '0') ? null : id;
    }

    public void fail(ErrorCode code, String message) {
        fail(code, code.outcome(), message);
    }

    /** For a record that stands for several requests, whose outcome depends on how they were answered. */
    public void fail(ErrorCode code, CallOutcome outcome, String message) {
        this.outcome = outcome;
        this.errorCode = code.wireName();
        this.message = message;
    }

    public double elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000.0;
    }

    public String callId() { return callId; }
    public Instant time() { return time; }
    public @Nullable String ip() { return ip; }
    public @Nullable String userAgent() { return userAgent; }
    public @Nullable String traceId() { return traceId; }
    public AuditCategory category() { return category; }
    public void category(AuditCategory category) { this.category = category; }
    public Principal principal() { return principal; }
    public void principal(Principal principal) { this.principal = principal; }
    public @Nullable String sessionId() { return sessionId; }
    public void sessionId(@Nullable String sessionId) { this.sessionId = sessionId; }
    public String method() { return method; }
    public void method(String method) { this.method = method; }
    /** The JSON-RPC id of the request, once read, so even HTTP-level refusals can answer it. */
    public @Nullable Object requestId() { return requestId; }
    public void requestId(@Nullable Object requestId) { this.requestId = requestId; }
    public @Nullable String target() { return target; }
    public void target(@Nullable String target) { this.target = target; }
    /** True once the tool catalogue found the named tool: only then is the name a real tool's, not a caller's. */
    public boolean toolResolved() { return toolResolved; }
    public void toolResolved(boolean toolResolved) { this.toolResolved = toolResolved; }
    /** The table the tool reads or changes, once its name has been checked. */
    public @Nullable String table() { return table; }
    public void table(@Nullable String table) { this.table = table; }
    public @Nullable Object arguments() { return arguments; }
    public void arguments(@Nullable Object arguments) { this.arguments = arguments; }
    public CallOutcome outcome() { return outcome; }
    public @Nullable String errorCode() { return errorCode; }
    public @Nullable String message() { return message; }
    public long rows() { return rows; }
    public void rows(long rows) { this.rows = rows; }
    /** Bytes of the JSON-RPC messages sent in answer: the final one, and any sent before it on an SSE stream. */
    public long bytesOut() { return bytesOut; }
    public void bytesOut(long bytesOut) { this.bytesOut = bytesOut; }
    public synchronized void addBytesOut(long bytes) { this.bytesOut += bytes; }
    public @Nullable String clientName() { return clientName; }
    public @Nullable String clientVersion() { return clientVersion; }

    /** True once the call's record went into the command log with its write, so it is not recorded twice. */
    public boolean recorded() { return recorded; }
    public void markRecorded() { this.recorded = true; }

    /**
     * The JSON-RPC response already written for {@code result}: a write's record counts the answer's bytes before it
     * commits, and the transport sends those very bytes rather than writing the response a second time.
     */
    public synchronized void written(Object result, byte[] response) {
        this.writtenResult = result;
        this.writtenResponse = response;
    }

    /** The response written for this very result object ({@link #written}), if any. */
    public synchronized byte @Nullable [] writtenFor(Object result) {
        return result == writtenResult ? writtenResponse : null;
    }

    /** Events that tell what the call did, committed with its record (a function's run, say). */
    public synchronized void alongside(Object event) { alongside.add(event); }
    public synchronized List<Object> alongside() { return List.copyOf(alongside); }

    /**
     * Where the call continues once the command log has answered. The log's writer thread must not go on to render
     * and send the answers of a whole group commit; the request's own event loop sends the answer anyway, so going
     * there costs no extra hand-over.
     */
    public Scheduler home() { return home; }
    public void home(Scheduler home) { this.home = home; }

    public void client(@Nullable String name, @Nullable String version) {
        this.clientName = name;
        this.clientVersion = version;
    }
}
