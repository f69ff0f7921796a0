package io.fluxbase.mcp.query.keyregistry;

import io.fluxbase.mcp.kernel.clientkey.ClientKeyView;
import io.fluxbase.mcp.query.db.Conversations;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * The keys this node has admitted, kept in memory so that a known key costs no statement. Any change to the registry
 * (a key created, revoked, expired or rotated, on any node) makes PostgreSQL notify every node that listens
 * ({@code fluxbase_key_registry}, sent by a trigger when the change commits), and each forgets what it kept. A node
 * whose listening connection is down keeps nothing and reads the registry for every request, and no entry is used
 * longer than {@link #MAX_AGE}, so a revoked key is refused within that time even should a notice go astray.
 */
@Component
class KnownKeys implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KnownKeys.class);

    static final Duration MAX_AGE = Duration.ofSeconds(1);
    static final String CHANNEL = "fluxbase_key_registry";
    private static final Duration RECONNECT_AFTER = Duration.ofSeconds(1);
    private static final String FIND = "SELECT " + ClientKeyRows.COLUMNS
            + " FROM fluxbase.key_registry WHERE key_hash = $1";

    private record Known(ClientKeyView view, long loadedNanos) {
    }

    private final DatabaseClient db;
    private final PostgresqlConnectionFactory direct;
    private final Map<String, Known> byHash = new ConcurrentHashMap<>();
    /** Advanced by every notice and every (re)connection: a lookup that started before one is not kept. */
    private final AtomicLong generation = new AtomicLong();
    private volatile boolean listening;
    private volatile boolean running;
    private volatile Disposable listener;

    KnownKeys(DatabaseClient db, PostgresqlConnectionFactory directConnectionFactory) {
        this.db = db;
        this.direct = directConnectionFactory;
    }

    /** The key with this hash, or empty when the registry has none. */
    CompletableFuture<Optional<ClientKeyView>> find(String keyHash) {
        Known known = byHash.get(keyHash);
        if (known != null && listening && System.nanoTime() - known.loadedNanos() < MAX_AGE.toNanos()) {
            return CompletableFuture.completedFuture(Optional.of(known.view()));
        }
        long before = generation.get();
        long startedNanos = System.nanoTime();
        return Conversations.toFuture(db.sql(FIND).bind(0, keyHash).map((row, meta) -> ClientKeyRows.view(row)).one())
                .thenApply(view -> {
                    if (view != null && listening && generation.get() == before) {
                        byHash.put(keyHash, new Known(view, startedNanos));
                    }
                    return Optional.ofNullable(view);
                });
    }

    /** Forgets every key kept; lookups already under way are not kept either. */
    void forgetAll() {
        generation.incrementAndGet();
        byHash.clear();
    }

    private void listen() {
        if (!running) {
            return;
        }
        listener = Mono.from(direct.create())
                .flatMapMany(connection -> connection.createStatement("LISTEN " + CHANNEL).execute()
                        .flatMap(result -> result.getRowsUpdated())
                        .thenMany(Mono.fromRunnable(() -> {
                            forgetAll(); // whatever changed while nobody listened
                            listening = true;
                        }))
                        .thenMany(connection.getNotifications())
                        .doFinally(signal -> closeQuietly(connection)))
                .subscribe(notice -> forgetAll(), this::lost, () -> lost(null));
    }

    private void lost(Throwable error) {
        listening = false;
        forgetAll();
        if (!running) {
            return;
        }
        log.warn("not listening for key registry changes ({}); reading the registry for every request until"
                + " listening again", error == null ? "connection closed" : error.toString());
        Mono.delay(RECONNECT_AFTER).subscribe(tick -> listen());
    }

    private static void closeQuietly(PostgresqlConnection connection) {
        Mono.from(connection.close()).onErrorComplete().subscribe();
    }

    @Override
    public void start() {
        running = true;
        listen();
    }

    @Override
    public void stop() {
        running = false;
        listening = false;
        Disposable current = listener;
        if (current != null) {
            current.dispose();
        }
        forgetAll();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
