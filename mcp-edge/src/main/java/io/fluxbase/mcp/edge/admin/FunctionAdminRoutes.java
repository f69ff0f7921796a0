package io.fluxbase.mcp.edge.admin;

import io.fluxbase.mcp.edge.tool.LiveFunctions;
import io.fluxbase.mcp.function.FunctionRuntime;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import io.fluxbase.mcp.kernel.function.DeployFunctionCommand;
import io.fluxbase.mcp.kernel.function.DeployedFunction;
import io.fluxbase.mcp.kernel.function.FunctionActivity;
import io.fluxbase.mcp.kernel.function.FunctionExecution;
import io.fluxbase.mcp.kernel.function.FunctionExecutions;
import io.fluxbase.mcp.kernel.function.FunctionDeployments;
import io.fluxbase.mcp.kernel.function.FunctionFailed;
import io.fluxbase.mcp.kernel.function.FunctionNotFound;
import io.fluxbase.mcp.kernel.function.FunctionSyntaxError;
import io.fluxbase.mcp.kernel.function.FunctionTimeout;
import io.fluxbase.mcp.kernel.function.JobDefinition;
import io.modelcontextprotocol.server.McpAsyncServer;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin API's edge functions: deploy (the source is compiled first, and refused with its line and column when
 * it does not), list, get, delete. Each deploy and delete is an event in the command log.
 */
@Configuration(proxyBeanMethods = false)
class FunctionAdminRoutes {

    private static final String BASE = "/admin/v1/functions";
    private static final int MAX_SOURCE_BYTES = 1024 * 1024;
    private static final JsonMapper JSON = AdminRequests.JSON;
    private static final int DEFAULT_LOGS = 20;
    private static final int MAX_LOGS = 1000;

    private final AdminRequests requests;
    private final FunctionDeployments deployments;
    private final ObjectProvider<FunctionRuntime> runtime;
    private final ObjectProvider<McpAsyncServer> server;
    private final LiveFunctions live;
    private final FunctionExecutions executions;

    FunctionAdminRoutes(AdminRequests requests, FunctionDeployments deployments,
            ObjectProvider<FunctionRuntime> runtime, ObjectProvider<McpAsyncServer> server, LiveFunctions live,
            FunctionExecutions executions) {
        this.executions = executions;
        this.requests = requests;
        this.deployments = deployments;
        this.live = live;
        this.runtime = runtime;
        this.server = server;
    }

    @Bean
    RouterFunction<ServerResponse> functionAdminApi() {
        return RouterFunctions.route()
                .POST(BASE, requests.guarded(this::deploy))
                .GET(BASE, requests.guarded(request -> requests.blocking(() -> {
                            Map<String, FunctionActivity> activity = executions.activity();
                            return deployments.list().stream().map(function -> FunctionActivity.of(function.name(), activity)
                                    .addTo(shown(function))).toList();
                        })
                        .flatMap(list -> AdminRequests.ok(Map.of("functions", list)))))
                .GET(BASE + "/{name}", requests.guarded(request -> found(requests.blocking(() -> {
                            DeployedFunction function = find(request.pathVariable("name"));
                            return executions.activity(function.name()).addTo(shown(function));
                        }))
                        .flatMap(AdminRequests::ok)))
                .GET(BASE + "/{name}/logs", requests.guarded(this::logs))
                .DELETE(BASE + "/{name}", requests.guarded(request -> requests.made(request, "functions.delete",
                                request.pathVariable("name"), found(requests.blocking(() ->
                                        deployments.delete(request.pathVariable("name")))))
                        .doOnSuccess(version -> changed(request.pathVariable("name")))
                        .flatMap(version -> AdminRequests.ok(Map.of("name", request.pathVariable("name"),
                                "deleted", true, "version", version)))))
                .build();
    }

    private Mono<ServerResponse> deploy(ServerRequest request) {
        return AdminRequests.body(request).flatMap(body -> {
            String name = AdminRequests.text(body, "name");
            String source = AdminRequests.text(body, "source");
            if (name == null || source == null || source.isBlank()) {
                throw new IllegalArgumentException((name == null ? "name" : "source") + ": required; send the"
                        + " function's name and its module's text");
            }
            if (source.length() > MAX_SOURCE_BYTES) {
                throw new IllegalArgumentException("source: over 1 MiB; keep a function's module small");
            }
            String description = AdminRequests.text(body, "description");
            String timeout = AdminRequests.text(body, "timeout");
            DeployFunctionCommand command = new DeployFunctionCommand(name, source,
                    description == null ? "" : description,
                    timeout == null ? DeployFunctionCommand.DEFAULT_TIMEOUT : FunctionTimeout.parse(timeout, "timeout"),
                    schema(body.get("input_schema")), job(body));
            return requests.made(request, "functions.deploy", name, found(requests.blocking(() -> {
                check(source);
                return deployments.deploy(command);
            }))).doOnSuccess(function -> changed(name)).flatMap(function -> ServerResponse.status(HttpStatus.CREATED).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(JSON.writeValueAsString(shown(function))));
        });
    }

    /** The latest runs, newest first, whole: who called, the outcome and what the function logged. */
    private Mono<ServerResponse> logs(ServerRequest request) {
        String name = request.pathVariable("name");
        int limit = AdminRequests.limit(request, DEFAULT_LOGS, MAX_LOGS);
        return found(requests.blocking(() -> {
            find(name);
            return executions.recent(name, limit).stream().map(FunctionExecution::shownWhole).toList();
        })).flatMap(runs -> AdminRequests.ok(Map.of("name", name, "executions", runs)));
    }

    /**
     * Calls on this node run the new version at once, and sessions that listen hear that functions:// changed (one
     * that cannot be told misses nothing it needs).
     */
    private void changed(String name) {
        live.forget(name);
        server.ifAvailable(mcp -> mcp.notifyResourcesListChanged().onErrorComplete().subscribe());
    }

    /** Compiles the module (and runs its top level once, sandboxed) before anything is stored. */
    private void check(String source) {
        try {
            runtime.getObject().source().check(source);
        } catch (FunctionSyntaxError | FunctionFailed e) {
            throw new AdminError(ErrorCode.INVALID_SOURCE, "source: " + e.getMessage());
        }
    }

    private DeployedFunction find(String name) {
        return deployments.find(name).orElseThrow(() -> new FunctionNotFound(name,
                deployments.list().stream().map(DeployedFunction::name).toList()));
    }

    private static <T> Mono<T> found(Mono<T> work) {
        return work.onErrorMap(FunctionNotFound.class, e -> new AdminError(ErrorCode.UNKNOWN_FUNCTION,
                e.getMessage()));
    }

    /** {@code job: true} (with {@code max_attempts} and {@code backoff}) deploys the function as a job. */
    private static @Nullable JobDefinition job(Map<String, Object> body) {
        Object job = body.get("job");
        if (job != null && !(job instanceof Boolean)) {
            throw new IllegalArgumentException("job: expected true or false");
        }
        Object attempts = body.get("max_attempts");
        String backoff = AdminRequests.text(body, "backoff");
        if (!Boolean.TRUE.equals(job)) {
            if (attempts != null || backoff != null) {
                throw new IllegalArgumentException((attempts != null ? "max_attempts" : "backoff")
                        + ": only for a job; deploy with job: true (--job)");
            }
            return null;
        }
        if (attempts != null && !(attempts instanceof Integer)) {
            throw new IllegalArgumentException("max_attempts: expected a whole number from 1 to "
                    + JobDefinition.MOST_ATTEMPTS);
        }
        return new JobDefinition(attempts == null ? JobDefinition.DEFAULT_MAX_ATTEMPTS : (Integer) attempts,
                backoff == null ? JobDefinition.DEFAULT_BACKOFF : FunctionTimeout.parse(backoff, "backoff"));
    }

    private static @Nullable String schema(@Nullable Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("input_schema: expected a JSON Schema object such as"
                    + " {\"type\": \"object\", \"required\": [\"email\"]}");
        }
        return JSON.writeValueAsString(value);
    }

    static Map<String, @Nullable Object> shown(DeployedFunction function) {
        return function.shown(function.inputSchema() == null ? null
                : JSON.readValue(function.inputSchema(), Object.class));
    }
}
