package io.fluxbase.mcp.edge.transport;

import io.fluxbase.mcp.edge.auth.ClientKeyAuthenticator;
import io.fluxbase.mcp.edge.call.CallAudit;
import io.fluxbase.mcp.edge.call.CallContext;
import io.fluxbase.mcp.edge.call.HttpRefusal;
import io.fluxbase.mcp.edge.tool.FunctionInvocations;
import io.fluxbase.mcp.edge.transport.RefusalAnswers.Envelope;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import io.fluxbase.mcp.kernel.function.FunctionName;
import io.fluxbase.mcp.kernel.function.FunctionRequest;
import io.fluxbase.mcp.kernel.function.FunctionResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /functions/v1/{name}}: an edge function over plain HTTP, for clients that are not assistants (the Supabase
 * path). The same client key header, Host and Origin rules, rate limit and scope ({@code execute:functions}) as the
 * MCP endpoint, the same run as invoke_function (its record and {@code FunctionInvoked} event included), answered with
 * the function's own status, headers and body. Refusals are plain JSON: {@code {"error": {"code", "message"}}}.
 */
@Configuration(proxyBeanMethods = false)
class FunctionHttpRoute {

    static final String PATH = "/functions/v1/{name}";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The key stays with the server; hop-by-hop headers mean nothing to a function. */
    private static final Set<String> NOT_PASSED = Set.of("authorization", ClientKeyAuthenticator.KEY_HEADER
            .toLowerCase(Locale.ROOT), "cookie", "connection", "content-length", "transfer-encoding", "keep-alive",
            "upgrade", "te", "trailer");
    private static final Set<String> NOT_ANSWERED = Set.of("content-length", "transfer-encoding", "connection",
            "keep-alive", "upgrade", "te", "trailer");

    private final RequestBodies bodies;
    private final OriginHostValidator origins;
    private final ClientKeyAuthenticator authenticator;
    private final CallAudit audit;
    private final RefusalAnswers refusals;
    private final FunctionInvocations invocations;

    FunctionHttpRoute(RequestBodies bodies, OriginHostValidator origins, ClientKeyAuthenticator authenticator,
            CallAudit audit, RefusalAnswers refusals, FunctionInvocations invocations) {
        this.bodies = bodies;
        this.origins = origins;
        this.authenticator = authenticator;
        this.audit = audit;
        this.refusals = refusals;
        this.invocations = invocations;
    }

    @Bean
    RouterFunction<ServerResponse> functionHttpRoutes() {
        return RouterFunctions.route().route(request -> request.path().startsWith("/functions/v1/"), this::call)
                .build();
    }

    private Mono<ServerResponse> call(ServerRequest request) {
        CallContext call = StreamableHttpTransport.begin(request);
        call.method(request.method().name() + " /functions/v1");
        String name = request.path().substring("/functions/v1/".length());
        call.target(name);
        return answered(request, call, bodies.read(request).flatMap(text -> {
            origins.check(request.headers().asHttpHeaders());
            // Once the body is in, the call runs to its end and its record even if the client hangs up: a run
            // stopped by the connection would leave its ctx.db writes committed and nothing on record.
            Mono<ServerResponse> run = answered(request, call, authenticator.authenticate(
                    request.headers().asHttpHeaders(), call).flatMap(principal -> invoke(request, call, name, text)));
            return Mono.fromFuture(run.toFuture(), true);
        }));
    }

    /** The answer, or the refusal that says what went wrong, recorded. */
    private Mono<ServerResponse> answered(ServerRequest request, CallContext call, Mono<ServerResponse> answer) {
        return answer
                .onErrorResume(HttpRefusal.class, refusal -> refusals.refuse(request, call, refusal, Envelope.PLAIN))
                .onErrorResume(error -> refusals.unexpected(call, error, Envelope.PLAIN));
    }

    private Mono<ServerResponse> invoke(ServerRequest request, CallContext call, String name, String text) {
        if (!call.principal().holds(Scope.EXECUTE_FUNCTIONS)) {
            throw HttpRefusal.of(ErrorCode.MISSING_SCOPE, Scope.EXECUTE_FUNCTIONS.missingFor("calling a function"));
        }
        Object body;
        try {
            FunctionName.check(name, "name");
            body = body(request, text);
        } catch (IllegalArgumentException e) {
            throw HttpRefusal.of(ErrorCode.INVALID_ARGUMENT, e.getMessage());
        }
        Map<String, @Nullable Object> arguments = new LinkedHashMap<>();
        arguments.put("name", name);
        arguments.put("body", body);
        call.arguments(arguments);
        FunctionRequest functionRequest = new FunctionRequest(request.method().name(), headers(request), body);
        return invocations.invoke(call, name, functionRequest, "http").flatMap(outcome -> switch (outcome) {
            case FunctionInvocations.Refused refused -> Mono.error(HttpRefusal.of(refused.code(), refused.message()));
            case FunctionInvocations.Answered answered -> answer(call, answered.response());
        });
    }

    /**
     * JSON when the request says so (or says nothing and the text parses), otherwise the text as sent. JSON over the
     * limits of {@link RequestJson} is refused, as on the MCP endpoint.
     */
    private static @Nullable Object body(ServerRequest request, String text) {
        if (text.isEmpty()) {
            return null;
        }
        MediaType type = request.headers().contentType().orElse(null);
        if (type != null && !isJson(type)) {
            return text;
        }
        try {
            return RequestJson.JSON.readValue(text, Object.class);
        } catch (StreamConstraintsException e) {
            // also without a Content-Type: text that reached a limit was JSON as far as it was read
            RequestJson.Limit limit = RequestJson.Limit.of(e);
            throw switch (limit) {
                case TOKENS -> HttpRefusal.of(ErrorCode.BODY_TOO_LARGE, "body: " + limit.reading
                        + "; send less per call");
                case DEPTH -> new IllegalArgumentException("body: " + limit.reading + "; send a flatter body");
                case LENGTH -> new IllegalArgumentException("body: " + limit.reading
                        + "; send shorter numbers and names");
            };
        } catch (JacksonException e) {
            if (type == null) {
                return text;
            }
            throw new IllegalArgumentException("body: not JSON although the Content-Type says so ("
                    + e.getOriginalMessage() + "); send JSON or another Content-Type");
        }
    }

    private static Map<String, String> headers(ServerRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().asHttpHeaders().forEach((header, values) -> {
            String lower = header.toLowerCase(Locale.ROOT);
            if (!NOT_PASSED.contains(lower) && !values.isEmpty()) {
                headers.put(lower, String.join(", ", values));
            }
        });
        return headers;
    }

    /** A string body goes out as text when the function set a non-JSON content type; anything else as JSON. */
    private Mono<ServerResponse> answer(CallContext call, FunctionResponse response) {
        Map<String, String> headers = new LinkedHashMap<>();
        response.headers().forEach((header, value) -> {
            if (!NOT_ANSWERED.contains(header.toLowerCase(Locale.ROOT))) {
                headers.put(header, value);
            }
        });
        String type = headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(HttpHeaders.CONTENT_TYPE))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        boolean text = response.body() instanceof String && type != null && !isJson(mediaType(type));
        String body = text ? (String) response.body() : JSON.writeValueAsString(response.body());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        call.bytesOut(bytes.length);
        return audit.record(call).then(Mono.defer(() -> {
            ServerResponse.BodyBuilder builder = ServerResponse.status(response.status());
            headers.forEach(builder::header);
            if (type == null) {
                builder.contentType(MediaType.APPLICATION_JSON);
            }
            return builder.bodyValue(bytes);
        })).onErrorResume(error -> refusals.auditUnavailable(error, Envelope.PLAIN));
    }

    private static boolean isJson(@Nullable MediaType type) {
        return type != null && (type.isCompatibleWith(MediaType.APPLICATION_JSON)
                || type.getSubtype().endsWith("+json"));
    }

    /** A content type the function set; null when it is not one (then it is not JSON either). */
    private static @Nullable MediaType mediaType(String type) {
        try {
            return MediaType.parseMediaType(type);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
