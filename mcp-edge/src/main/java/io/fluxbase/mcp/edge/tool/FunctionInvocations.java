package io.fluxbase.mcp.edge.tool;

import io.fluxbase.mcp.edge.McpSettings;
import io.fluxbase.mcp.edge.call.CallAudit;
import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.function.FunctionRuntime;
import io.fluxbase.mcp.kernel.clientkey.KeyShares;
import io.fluxbase.mcp.kernel.data.CatalogReader;
import io.fluxbase.mcp.kernel.data.TableReader;
import io.fluxbase.mcp.kernel.data.TableWriter;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import io.fluxbase.mcp.kernel.function.DeployedFunction;
import io.fluxbase.mcp.kernel.function.FunctionFailed;
import io.fluxbase.mcp.kernel.function.FunctionInvokedEvent;
import io.fluxbase.mcp.kernel.function.FunctionNotFound;
import io.fluxbase.mcp.kernel.function.FunctionRequest;
import io.fluxbase.mcp.kernel.function.FunctionResponse;
import io.fluxbase.mcp.kernel.rpc.FunctionCatalog;
import io.fluxbase.mcp.kernel.secret.FunctionSecrets;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.JsonSchemaValidatorSupplier;
import io.fluxbase.mcp.kernel.audit.CallRecord;
import io.fluxbase.mcp.kernel.caller.Caller;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.ServiceLoader;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * One run of an edge function on a caller's behalf, however it was asked for (invoke_function, or
 * {@code POST /functions/v1/{name}}): the live version, its input schema, the node's cap on running functions, and
 * {@code ctx} under the calling key's role. A run that started, whatever its end, puts its {@link FunctionInvokedEvent}
 * on the call, to be committed with the call's record; a refusal before the start (unknown function, bad body, no
 * room) leaves only the record.
 */
@Component
public class FunctionInvocations {

    /** How a run ended for the caller: an answer, or a refusal that says what to change. */
    public sealed interface Outcome {
    }

    public record Answered(DeployedFunction function, FunctionResponse response) implements Outcome {
    }

    public record Refused(ErrorCode code, String message) implements Outcome {
    }

    private final LiveFunctions functions;
    private final ObjectProvider<FunctionRuntime> runtime;
    private final TableReader reader;
    private final TableWriter writer;
    private final CatalogReader catalog;
    private final FunctionCatalog procedures;
    private final CallAudit audit;
    private final FunctionSecrets secrets;
    private final long maxResultBytes;
    private final int maxConcurrent;
    private final Semaphore running;
    /** So that one key's slow calls cannot take every one of the server's {@link #running} slots. */
    private final KeyShares shares;
    private final JsonSchemaValidator schemas = ServiceLoader.load(JsonSchemaValidatorSupplier.class).findFirst()
            .orElseThrow().get();

    FunctionInvocations(LiveFunctions functions, ObjectProvider<FunctionRuntime> runtime, TableReader reader,
            TableWriter writer, CatalogReader catalog, FunctionCatalog procedures, CallAudit audit,
            McpSettings settings, @Value("${fluxbase.functions.max-concurrent:32}") int maxConcurrent,
            @Value("${fluxbase.functions.max-concurrent-per-key:8}") int maxConcurrentPerKey, FunctionSecrets secrets) {
        this.functions = functions;
        this.runtime = runtime;
        this.reader = reader;
        this.writer = writer;
        this.catalog = catalog;
        this.procedures = procedures;
        this.audit = audit;
        this.secrets = secrets;
        this.maxResultBytes = settings.mcp().maxResultBytes();
        this.maxConcurrent = maxConcurrent;
        this.running = new Semaphore(maxConcurrent);
        this.shares = new KeyShares(maxConcurrentPerKey);
    }

    /** {@code via}: {@code mcp} or {@code http}, as the execution record says. Completes on the call's home. */
    public Mono<Outcome> invoke(CallContext call, String name, FunctionRequest request, String via) {
        LiveFunctions.Live cached = functions.cached(name);
        Mono<LiveFunctions.Live> found = cached != null ? Mono.just(cached) : Mono.fromCallable(() -> {
                    runtime.getObject(); // the first call builds the engine: a second's work, kept off the event loop
                    return functions.find(name);
                })
                .subscribeOn(Schedulers.boundedElastic())
                .publishOn(call.home());
        return found
                .flatMap(live -> {
                    String invalid = invalidBody(live, request.body());
                    if (invalid != null) {
                        return Mono.just((Outcome) new Refused(ErrorCode.INVALID_ARGUMENT, "body: " + invalid));
                    }
                    String keyId = call.principal().caller().keyId();
                    if (!shares.tryTake(keyId)) {
                        return Mono.just((Outcome) new Refused(ErrorCode.BUSY, "this key already has "
                                + shares.perKey() + " functions running, the most one key may run at once"
                                + " (functions.max_concurrent_per_key); wait for one to finish, then call again"));
                    }
                    if (!running.tryAcquire()) {
                        shares.give(keyId);
                        return Mono.just((Outcome) new Refused(ErrorCode.BUSY, maxConcurrent + " functions are"
                                + " running on this server, its limit (functions.max_concurrent); call again in a"
                                + " moment"));
                    }
                    // deferred, so that whatever building the run throws still reaches doFinally: a slot kept by
                    // a call that never ran would be lost until a restart. The slots are given back when the run's
                    // thread is done, not at its answer: a call stopped in the middle of one long operation answers
                    // at once, and callers that kept calling it would otherwise run any number of them at a time.
                    AtomicReference<CompletableFuture<Void>> threadDone = new AtomicReference<>(
                            CompletableFuture.completedFuture(null));
                    return Mono.defer(() -> run(call, live.function(), request, via, threadDone::set))
                            .doFinally(signal -> threadDone.get().whenComplete((done, failure) -> {
                                running.release();
                                shares.give(keyId);
                            }));
                })
                .onErrorResume(FunctionNotFound.class, e -> Mono.just(new Refused(ErrorCode.UNKNOWN_FUNCTION,
                        "name: " + e.getMessage())));
    }

    private Mono<Outcome> run(CallContext call, DeployedFunction function, FunctionRequest request, String via,
            Consumer<CompletableFuture<Void>> threadDone) {
        CallerFunctionContext ctx = new CallerFunctionContext(call.principal().caller(), audit.toRecord(call),
                reader, writer, catalog, procedures, maxResultBytes, function.name(),
                secrets.values());
        long started = System.nanoTime();
        return Mono.fromFuture(() -> {
                    FunctionRuntime.Running run = runtime.getObject().start(function.code(maxResultBytes), request,
                            ctx);
                    threadDone.accept(run.ended());
                    return run.result();
                })
                .publishOn(call.home())
                .map(response -> {
                    call.alongside(new FunctionInvokedEvent(function.name(), function.version(), keyId(call),
                            call.callId(), via, call.time(), FunctionInvokedEvent.OK, response.status(), null,
                            response.durationMs(), response.bytes(), ctx.logs()));
                    return (Outcome) new Answered(function, response);
                })
                .onErrorResume(error -> {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    if (!(cause instanceof FunctionFailed failed)) {
                        return Mono.error(cause);
                    }
                    call.alongside(new FunctionInvokedEvent(function.name(), function.version(), keyId(call),
                            call.callId(), via, call.time(), FunctionInvokedEvent.outcomeOf(failed.reason()), null,
                            ctx.masked(failed.getMessage()), (System.nanoTime() - started) / 1_000_000.0, 0,
                            ctx.logs()));
                    return Mono.just(new Refused(ErrorCode.FUNCTION_FAILED, "function '" + function.name()
                            + "' (version " + function.version() + ") failed: " + ctx.masked(failed.getMessage())));
                });
    }

    /**
     * Starts one attempt of a job under its submitter's role: the live version of {@code name}, its payload as the
     * handler's first argument, its {@code ctx.db} writes attached to {@code attempt}'s record. Blocking (it may read
     * the function); throws {@link FunctionNotFound} when the job is gone. Jobs are not counted against
     * {@code functions.max_concurrent}: {@code jobs.workers} bounds them.
     */
    public JobInvocation startJob(Caller caller, CallRecord attempt, String name, @Nullable Object payload,
            BiFunction<Integer, String, CompletableFuture<Void>> progress) {
        DeployedFunction function = functions.find(name).function();
        CallerFunctionContext ctx = new CallerFunctionContext(caller, attempt, reader, writer, catalog, procedures,
                maxResultBytes, function.name(), secrets.values(), progress);
        return new JobInvocation(function, ctx, runtime.getObject().start(function.code(maxResultBytes),
                FunctionRequest.job(payload), ctx));
    }

    private static @Nullable String keyId(CallContext call) {
        return call.principal().key() == null ? null : call.principal().key().id();
    }

    /** The body against the function's input schema, if it has one: null when it conforms, else what is wrong. */
    @Nullable String invalidBody(LiveFunctions.Live live, @Nullable Object body) {
        Map<String, Object> schema = live.inputSchema();
        if (schema == null) {
            return null;
        }
        String name = live.function().name();
        if (body == null) {
            return "required: function '" + name + "' expects a body (see functions://" + name + ")";
        }
        JsonSchemaValidator.ValidationResponse answer = schemas.validate(schema, body);
        return answer.valid() ? null : answer.errorMessage() + " (see functions://" + name + ")";
    }
}
