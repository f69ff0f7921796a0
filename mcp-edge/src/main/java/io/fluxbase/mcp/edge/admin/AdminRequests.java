package io.fluxbase.mcp.edge.admin;

import io.fluxbase.mcp.edge.blocking.BlockingWork;
import io.fluxbase.mcp.edge.blocking.PacedSink;
import io.fluxbase.mcp.kernel.audit.CallOutcome;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every admin route shares: the admin token or dashboard session check (and the sign-in record of a new admin
 * session, see {@link AdminActions}), errors as {@code {"error":{"code","message"}}} with the code's status, JSON
 * bodies in and out, and blocking work kept off the event loop.
 */
@Component
class AdminRequests {

    private static final Logger log = LoggerFactory.getLogger(AdminRequests.class);
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final AdminToken token;
    private final BlockingWork blockingWork;
    private final AdminActions actions;

    AdminRequests(AdminToken token, BlockingWork blockingWork, AdminActions actions) {
        this.token = token;
        this.blockingWork = blockingWork;
        this.actions = actions;
    }

    HandlerFunction<ServerResponse> guarded(HandlerFunction<ServerResponse> handler) {
        return request -> {
            AdminToken.Presented presented;
            try {
                presented = token.admits(request);
            } catch (AdminError refused) {
                return error(refused);
            }
            if (presented == null || presented == AdminToken.Presented.WRONG_TOKEN) {
                // a wrong token is recorded, as a wrong dashboard sign-in is, until the address is throttled
                Mono<Void> refusal = presented == null ? Mono.empty() : actions.wrongToken(
                        AdminActions.address(request), request.headers().firstHeader("User-Agent"), "admin api");
                return refusal.then(error(new AdminError(ErrorCode.UNAUTHORIZED, "the admin token is missing or"
                        + " wrong; the CLI reads it from <data dir>/admin-token, or set FLUXBASE_TOKEN")));
            }
            // A dashboard session's sign-in was recorded when it was opened.
            Mono<Void> signIn = presented == AdminToken.Presented.TOKEN ? actions.seen(request) : Mono.empty();
            return signIn.then(Mono.defer(() -> {
                        try {
                            return handler.handle(request);
                        } catch (Exception e) {
                            return Mono.error(e);
                        }
                    }))
                    .onErrorResume(AdminError.class, AdminRequests::error)
                    .onErrorResume(IllegalArgumentException.class, e -> error(
                            new AdminError(ErrorCode.INVALID_ARGUMENT, e.getMessage())))
                    .onErrorResume(e -> !(e instanceof AdminError), e -> {
                        log.error("admin request {} {} failed", request.method(), request.path(), e);
                        return error(new AdminError(ErrorCode.INTERNAL_ERROR,
                                "the server failed to handle this request: " + e.getMessage()));
                    });
        };
    }

    /**
     * A change the admin API made, recorded as an {@code admin} record once it is made: the token names no one, so
     * the record says where the request came from (address and user agent) and what it changed.
     */
    <T> Mono<T> made(ServerRequest request, String action, @Nullable String target, Mono<T> change) {
        return change.flatMap(done -> actions.record(request, action, target, CallOutcome.OK, null, null, List.of())
                .thenReturn(done));
    }

    <T> Mono<T> blocking(Callable<T> work) {
        return blockingWork.call(work)
                .onErrorMap(TimeoutException.class, e -> new AdminError(ErrorCode.TIMEOUT,
                        e.getMessage() + "; check that the database is reachable, then retry"))
                .onErrorMap(AggregateNotFoundException.class, e -> new AdminError(ErrorCode.NOT_FOUND,
                        e.getMessage()))
                .onErrorMap(IllegalStateException.class, e -> new AdminError(ErrorCode.CONFLICT,
                        e.getMessage()));
    }

    /**
     * A stream of JSON lines ({@code application/x-ndjson}) from long blocking work, each sent as it is emitted, the
     * work held back while the reader is behind ({@link PacedSink}); a failure midway ends it with an
     * {@code {"error":{"code","message"}}} line, the status being sent already.
     */
    Mono<ServerResponse> jsonLines(Consumer<PacedSink<Map<String, Object>>> work) {
        Flux<String> lines = blockingWork.stream(work).map(line -> JSON.writeValueAsString(line) + "\n")
                .onErrorResume(e -> {
                    if (e instanceof PacedSink.ReaderGone) {
                        log.warn("streamed admin request ended: {}", e.getMessage());
                    } else {
                        log.error("streamed admin request failed", e);
                    }
                    return Flux.just(JSON.writeValueAsString(Map.of("error", Map.of("code",
                            ErrorCode.INTERNAL_ERROR.wireName(), "message", "the server failed midway: "
                                    + e.getMessage()))) + "\n");
                });
        return ServerResponse.ok().contentType(MediaType.APPLICATION_NDJSON).body(lines, String.class);
    }

    @SuppressWarnings("unchecked")
    static Mono<Map<String, Object>> body(ServerRequest request) {
        return request.bodyToMono(String.class).defaultIfEmpty("{}").map(text -> {
            try {
                Object parsed = JSON.readValue(text, Object.class);
                if (parsed instanceof Map<?, ?> map) {
                    return (Map<String, Object>) map;
                }
            } catch (JacksonException e) {
                // reported below
            }
            throw new IllegalArgumentException("the request body must be a JSON object");
        });
    }

    /** The {@code limit} query parameter: a whole number from 1 to {@code max}, {@code byDefault} when absent. */
    static int limit(ServerRequest request, int byDefault, int max) {
        String text = request.queryParam("limit").orElse(null);
        if (text == null) {
            return byDefault;
        }
        if (text.matches("\\d{1,9}") && Integer.parseInt(text) >= 1 && Integer.parseInt(text) <= max) {
            return Integer.parseInt(text);
        }
        throw new IllegalArgumentException("limit: expected a whole number from 1 to " + max + ", got '" + text
                + "'");
    }

    static @Nullable String text(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (value != null && !(value instanceof String)) {
            throw new IllegalArgumentException(field + ": expected a string");
        }
        return (String) value;
    }

    static Mono<ServerResponse> ok(Object body) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(JSON.writeValueAsString(body));
    }

    static Mono<ServerResponse> error(AdminError error) {
        String body = "{\"error\":{\"code\":\"" + error.code() + "\",\"message\":"
                + JSON.writeValueAsString(error.getMessage()) + "}}";
        return ServerResponse.status(error.status()).contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }
}
