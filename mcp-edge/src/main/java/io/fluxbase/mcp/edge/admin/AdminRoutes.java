package io.fluxbase.mcp.edge.admin;

import io.fluxbase.mcp.edge.McpSettings;
import io.fluxbase.mcp.kernel.admin.AppliedSqlRefused;
import io.fluxbase.mcp.kernel.admin.OwnerSql;
import io.fluxbase.mcp.kernel.admin.SchemaAppliedEvent;
import io.fluxbase.mcp.kernel.admin.SqlScript;
import io.fluxbase.mcp.kernel.audit.ArgumentAudit;
import io.fluxbase.mcp.kernel.audit.AuditCategory;
import io.fluxbase.mcp.kernel.audit.CallOutcome;
import io.fluxbase.mcp.kernel.audit.CallRecord;
import io.fluxbase.mcp.kernel.audit.CallRecordLog;
import io.fluxbase.mcp.kernel.audit.Digests;
import io.fluxbase.mcp.kernel.audit.ListCallRecordsQuery;
import io.fluxbase.mcp.kernel.clientkey.ClientKeyDirectory;
import io.fluxbase.mcp.kernel.clientkey.ClientKeyId;
import io.fluxbase.mcp.kernel.clientkey.ClientKeySecret;
import io.fluxbase.mcp.kernel.clientkey.ClientKeyView;
import io.fluxbase.mcp.kernel.clientkey.CreateClientKeyCommand;
import io.fluxbase.mcp.kernel.clientkey.FindClientKeyQuery;
import io.fluxbase.mcp.kernel.clientkey.KeyStatus;
import io.fluxbase.mcp.kernel.clientkey.KeyType;
import io.fluxbase.mcp.kernel.clientkey.ListClientKeysQuery;
import io.fluxbase.mcp.kernel.clientkey.RevokeClientKeyCommand;
import io.fluxbase.mcp.kernel.clientkey.RotateClientKeyCommand;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import io.fluxbase.mcp.kernel.time.TimeSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin API that the {@code fluxbase} CLI talks to: client key lifecycle, audit log queries, and the owner's
 * database access. Guarded by the admin token. Key changes return once the key registry shows them, so a revoked
 * key is refused from the moment the CLI reports it revoked.
 */
@Configuration(proxyBeanMethods = false)
class AdminRoutes {

    private static final Logger log = LoggerFactory.getLogger(AdminRoutes.class);
    private static final String BASE = "/admin/v1";
    private static final Duration PROJECTION_WAIT = Duration.ofSeconds(10);

    private final CommandGateway commands;
    private final ClientKeyDirectory keys;
    private final CallRecordLog callRecords;
    private final AdminRequests requests;
    private final AdminActions actions;
    private final OwnerSql ownerSql;
    /** A failed script's error is recorded as any call's is: without the values PostgreSQL quotes back. */
    private final ArgumentAudit auditMode;
    private final String databaseUrl;
    private static final JsonMapper JSON = AdminRequests.JSON;

    AdminRoutes(CommandGateway commands, ClientKeyDirectory keys, CallRecordLog callRecords,
            AdminRequests requests, AdminActions actions,
            OwnerSql ownerSql, McpSettings settings, @Value("${fluxbase.db.url}") String databaseUrl) {
        this.commands = commands;
        this.keys = keys;
        this.callRecords = callRecords;
        this.requests = requests;
        this.actions = actions;
        this.ownerSql = ownerSql;
        this.auditMode = settings.audit().mode();
        this.databaseUrl = databaseUrl;
    }

    @Bean
    RouterFunction<ServerResponse> adminApi() {
        return RouterFunctions.route()
                .POST(BASE + "/clientkeys", requests.guarded(this::createKey))
                .GET(BASE + "/clientkeys", requests.guarded(this::listKeys))
                .GET(BASE + "/clientkeys/{id}", requests.guarded(this::getKey))
                .POST(BASE + "/clientkeys/{id}/revoke", requests.guarded(this::revokeKey))
                .POST(BASE + "/clientkeys/{id}/rotate", requests.guarded(this::rotateKey))
                .GET(BASE + "/logs", requests.guarded(this::listLogs))
                .GET(BASE + "/db/url", requests.guarded(request -> AdminRequests.ok(Map.of("url", databaseUrl))))
                .POST(BASE + "/db/apply", requests.guarded(this::applySql))
                .build();
    }

    // ---- client keys ----

    private Mono<ServerResponse> createKey(ServerRequest request) {
        return AdminRequests.body(request).flatMap(body -> {
            String name = AdminRequests.text(body, "name");
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name: required; give the key a name people will recognise");
            }
            KeyType type = KeyType.parse(orDefault(AdminRequests.text(body, "type"), "anon"));
            Set<Scope> scopes = Scope.parseAll(strings(body, "scopes"));
            String user = AdminRequests.text(body, "user_id");
            UUID userId = user == null ? null : uuid(user);
            if (userId != null && type == KeyType.SERVICE) {
                throw new IllegalArgumentException("user_id: only anon keys can be bound to a user; service keys"
                        + " bypass row-level security");
            }
            String expires = AdminRequests.text(body, "expires");
            Instant expiresAt = expires == null ? null : TimeSpec.pointInFuture(expires, Instant.now(), "expires");
            Integer rateLimit = integer(body, "rate_limit_per_min");
            ClientKeySecret secret = ClientKeySecret.generate();
            String id = ClientKeyId.next();
            CreateClientKeyCommand command = new CreateClientKeyCommand(id, name, type, scopes, userId, expiresAt,
                    rateLimit, secret.hash(), secret.prefix());
            ClientKeyView stored = new ClientKeyView(id, name, type, scopes, userId, secret.prefix(), KeyStatus.ACTIVE,
                    Instant.now(), expiresAt, null, null, rateLimit);
            return requests.blocking(() -> commands.sendAndWait(command))
                    .then(handOver(request, id, key -> true, stored, "clientkeys.create", secret,
                            HttpStatus.CREATED));
        });
    }

    private Mono<ServerResponse> listKeys(ServerRequest request) {
        return Mono.fromFuture(() -> keys.list(new ListClientKeysQuery()))
                .flatMap(keys -> AdminRequests.ok(Map.of("keys", keys.stream().map(k -> AdminViews.key(k, Instant.now())).toList())));
    }

    private Mono<ServerResponse> getKey(ServerRequest request) {
        return find(request.pathVariable("id")).flatMap(key -> AdminRequests.ok(AdminViews.key(key, Instant.now())));
    }

    private Mono<ServerResponse> revokeKey(ServerRequest request) {
        String id = request.pathVariable("id");
        return find(id)
                .flatMap(key -> requests.blocking(() -> commands.sendAndWait(new RevokeClientKeyCommand(id))))
                .then(awaitKey(id, key -> key.revokedAt() != null))
                .flatMap(key -> actions.keyLifecycle(request, "clientkeys.revoke", key).thenReturn(key))
                .flatMap(key -> AdminRequests.ok(AdminViews.key(key, Instant.now())));
    }

    private Mono<ServerResponse> rotateKey(ServerRequest request) {
        String id = request.pathVariable("id");
        ClientKeySecret secret = ClientKeySecret.generate();
        return find(id)
                .flatMap(key -> requests.blocking(() -> commands.sendAndWait(
                                new RotateClientKeyCommand(id, secret.hash(), secret.prefix())))
                        .then(handOver(request, id, rotated -> rotated.prefix().equals(secret.prefix()),
                                withPrefix(key, secret.prefix()), "clientkeys.rotate", secret, HttpStatus.OK)));
    }

    /**
     * The key's event has committed: from here on the secret, shown only once, must reach the caller whatever else
     * fails. The answer waits (bounded) for the key registry so the key works at once; when the registry or the
     * lifecycle record lags or fails, the answer still carries the secret, with a warning saying so.
     */
    private Mono<ServerResponse> handOver(ServerRequest request, String id, Predicate<ClientKeyView> done,
            ClientKeyView stored,
            String action, ClientKeySecret secret, HttpStatus status) {
        return Mono.defer(() -> awaitKey(id, done)
                .map(key -> new HandOver(key, null))
                .onErrorResume(lag -> {
                    log.warn("key {} is stored but the key registry could not show it yet", id, lag);
                    return Mono.just(new HandOver(stored, "the key is stored, but this server's key registry has not"
                            + " caught up yet; it will accept the key within moments"));
                })
                .flatMap(handOver -> actions.keyLifecycle(request, action, handOver.key())
                        .thenReturn(handOver)
                        .onErrorResume(e -> {
                            log.error("the audit record of {} for key {} could not be written", action, id, e);
                            return Mono.just(new HandOver(handOver.key(), "the key is stored, but its audit record"
                                    + " could not be written: " + e.getMessage()));
                        }))
                .flatMap(handOver -> withSecret(handOver.key(), secret, status, handOver.warning())));
    }

    private record HandOver(ClientKeyView key, @Nullable String warning) {
    }

    private static ClientKeyView withPrefix(ClientKeyView key, String prefix) {
        return new ClientKeyView(key.id(), key.name(), key.type(), key.scopes(), key.userId(), prefix, key.status(),
                key.createdAt(), key.expiresAt(), key.revokedAt(), key.lastUsedAt(), key.rateLimitPerMin());
    }

    private Mono<ClientKeyView> find(String id) {
        return Mono.fromFuture(() -> keys.find(new FindClientKeyQuery(id)))
                .flatMap(found -> Mono.justOrEmpty(found))
                .switchIfEmpty(Mono.error(new AdminError(ErrorCode.NOT_FOUND,
                        "no client key with id '" + id + "'; 'fluxbase clientkeys list' shows the ids")));
    }

    /** Commands return when the event is stored; wait until the registry (what authentication reads) has it. */
    private Mono<ClientKeyView> awaitKey(String id, Predicate<ClientKeyView> done) {
        return Flux.interval(Duration.ZERO, Duration.ofMillis(10))
                .onBackpressureDrop()
                .concatMap(tick -> Mono.fromFuture(() -> keys.find(new FindClientKeyQuery(id))))
                .filter(found -> found.isPresent() && done.test(found.get()))
                .map(Optional::get)
                .next()
                .timeout(PROJECTION_WAIT, Mono.error(new AdminError(ErrorCode.PROJECTION_LAG, "the change was stored but the key registry has not caught up yet;"
                        + " check 'fluxbase clientkeys get " + id + "' in a moment")));
    }

    private Mono<ServerResponse> withSecret(ClientKeyView key, ClientKeySecret secret, HttpStatus status,
            @Nullable String warning) {
        Map<String, @Nullable Object> view = AdminViews.key(key, Instant.now());
        view.put("key", secret.plaintext());
        if (warning != null) {
            view.put("warning", warning);
        }
        return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(JSON.writeValueAsString(view));
    }

    // ---- logs ----

    private Mono<ServerResponse> listLogs(ServerRequest request) {
        ListCallRecordsQuery query = logsQuery(request, Instant.now());
        return Mono.fromFuture(() -> callRecords.list(query))
                .flatMap(records -> AdminRequests.ok(Map.of("records", records.stream().map(AdminViews::record).toList())));
    }

    /**
     * The filters of {@code GET /logs} (and of the dashboard's live stream): {@code category}, {@code since},
     * {@code until} (exclusive; a duration back from now or an RFC 3339 time), {@code key}, {@code tool},
     * {@code status}, {@code limit}.
     */
    static ListCallRecordsQuery logsQuery(ServerRequest request, Instant now) {
        AuditCategory category = AuditCategory.parse(request.queryParam("category").orElse("mcp"));
        Instant since = TimeSpec.pointInPast(request.queryParam("since").orElse("24h"), now, "since");
        Instant until = request.queryParam("until").filter(text -> !text.isBlank())
                .map(text -> TimeSpec.pointInPast(text, now, "until")).orElse(null);
        return new ListCallRecordsQuery(category, since,
                blankToNull(request.queryParam("key").orElse(null)),
                blankToNull(request.queryParam("tool").orElse(null)),
                request.queryParam("status").filter(s -> !s.isBlank()).map(CallOutcome::parse).orElse(null),
                AdminRequests.limit(request, 100, 10_000), until);
    }

    // ---- database ----

    /**
     * Every attempt is an admin record ({@code db.apply}, the SQL's SHA-256, its statements' kinds); one that ran
     * also appends {@link SchemaAppliedEvent} in the same commit. A refused script is recorded as denied.
     */
    private Mono<ServerResponse> applySql(ServerRequest request) {
        return AdminRequests.body(request).flatMap(body -> {
            String sql = AdminRequests.text(body, "sql");
            if (sql == null || sql.isBlank()) {
                throw new IllegalArgumentException("sql: required; send the script's text");
            }
            List<String> kinds = SqlScript.split(sql).stream().map(SqlScript.Statement::kind).toList();
            String digest = Digests.sha256(sql);
            String summary = String.join(", ", new LinkedHashSet<>(kinds));
            return requests.blocking(() -> ownerSql.apply(sql))
                    .onErrorResume(e -> actions.record(request, "db.apply", summary,
                                    e instanceof AppliedSqlRefused ? CallOutcome.DENIED : CallOutcome.ERROR, digest,
                                    auditMode.recordedMessage(e.getMessage()), List.of())
                            .then(Mono.error(e)))
                    .flatMap(count -> {
                        CallRecord record = AdminActions.action(request, "db.apply", summary, CallOutcome.OK, digest,
                                count + " statements", null);
                        return actions.record(record, List.of(new SchemaAppliedEvent(record.callId(), record.time(),
                                        digest, kinds)))
                                .then(AdminRequests.ok(Map.of("statements", count, "sha256", digest)));
                    });
        });
    }

    // ---- plumbing ----

    private static List<String> strings(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (value instanceof String text) {
            return List.of(text.split(","));
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        throw new IllegalArgumentException(field + ": required; give a list such as [\"read:tables\"]; valid scopes"
                + " are " + Scope.validNames());
    }

    private static @Nullable Integer integer(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (value == null) {
            return null;
        }
        if (value instanceof Integer number && number > 0) {
            return number;
        }
        throw new IllegalArgumentException(field + ": expected a positive whole number, got " + value);
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("user_id: '" + text + "' is not a UUID");
        }
    }

    private static String orDefault(@Nullable String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
