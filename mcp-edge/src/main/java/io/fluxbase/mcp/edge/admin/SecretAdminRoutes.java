package io.fluxbase.mcp.edge.admin;

import io.fluxbase.mcp.kernel.error.ErrorCode;
import io.fluxbase.mcp.kernel.secret.SecretName;
import io.fluxbase.mcp.kernel.secret.SecretNotFound;
import io.fluxbase.mcp.kernel.secret.SecretStore;
import io.fluxbase.mcp.kernel.secret.SecretView;
import io.fluxbase.mcp.kernel.secret.SetSecretCommand;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The admin API's secrets for edge functions: set (the body is the raw value, UTF-8), list (names and times, never
 * values) and unset. Each change is an event in the command log, without its value.
 */
@Configuration(proxyBeanMethods = false)
class SecretAdminRoutes {

    private static final String BASE = "/admin/v1/secrets";

    private final AdminRequests requests;
    private final SecretStore secrets;

    SecretAdminRoutes(AdminRequests requests, SecretStore secrets) {
        this.requests = requests;
        this.secrets = secrets;
    }

    @Bean
    RouterFunction<ServerResponse> secretAdminApi() {
        return RouterFunctions.route()
                .PUT(BASE + "/{name}", requests.guarded(this::set))
                .GET(BASE, requests.guarded(request -> requests.blocking(secrets::list)
                        .flatMap(list -> AdminRequests.ok(Map.of("secrets", list.stream().map(SecretView::shown)
                                .toList())))))
                .DELETE(BASE + "/{name}", requests.guarded(request -> {
                    String name = SecretName.check(request.pathVariable("name"), "name");
                    // the secret's name only, as its event: values never reach the log
                    return requests.made(request, "secrets.unset", name, found(requests.blocking(() -> {
                        secrets.unset(name);
                        return name;
                    }))).flatMap(unset -> AdminRequests.ok(Map.of("name", unset, "deleted", true)));
                }))
                .build();
    }

    private Mono<ServerResponse> set(ServerRequest request) {
        String name = SecretName.check(request.pathVariable("name"), "name");
        return request.bodyToMono(byte[].class).defaultIfEmpty(new byte[0]).flatMap(body -> {
            if (body.length > SetSecretCommand.MAX_VALUE_BYTES) {
                throw new IllegalArgumentException("value: over 64 KiB; keep a secret to a key or a token, and"
                        + " large data in a table or a bucket");
            }
            SetSecretCommand command = new SetSecretCommand(name, utf8(body));
            return requests.made(request, "secrets.set", name, requests.blocking(() -> secrets.set(command)))
                    .flatMap(set -> AdminRequests.ok(set.shown()));
        });
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("value: not UTF-8 text; send a binary secret as base64 and decode it"
                    + " in the function");
        }
    }

    private static <T> Mono<T> found(Mono<T> work) {
        return work.onErrorMap(SecretNotFound.class, e -> new AdminError(ErrorCode.NOT_FOUND, e.getMessage()));
    }
}
