package io.fluxbase.mcp.edge.transport;

import io.fluxbase.mcp.edge.McpSettings;
import io.fluxbase.mcp.edge.call.HttpRefusal;
import io.fluxbase.mcp.kernel.clientkey.ClientKeyAdmission;
import io.fluxbase.mcp.kernel.clientkey.KeyStatus;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Live MCP sessions. A session belongs to the key that initialized it; another key using its id gets 404, as for an
 * unknown session. Sessions idle longer than mcp.session_idle_timeout are ended, and so, within about a second, are
 * those of a key revoked, rotated or expired: a listening stream would otherwise stay open with the old secret.
 */
@Component
class SessionRegistry {

    record Entry(McpStreamableServerSession session, @Nullable String keyId, String keyHash,
            @Nullable String clientName, @Nullable String clientVersion, AtomicLong lastSeenNanos,
            Set<String> subscriptions) {

        void touch() {
            lastSeenNanos.set(System.nanoTime());
        }

        /**
         * Counts a request's subscription before the SDK keeps it: the SDK holds each subscribed URI until the
         * session ends, so a session may hold {@link #MAX_SUBSCRIPTIONS_PER_SESSION}.
         */
        void subscribing(McpSchema.JSONRPCRequest rpc) {
            boolean subscribe = McpSchema.METHOD_RESOURCES_SUBSCRIBE.equals(rpc.method());
            if (!subscribe && !McpSchema.METHOD_RESOURCES_UNSUBSCRIBE.equals(rpc.method())) {
                return;
            }
            String uri = ((JsonNode) rpc.params()).get("uri").stringValue(); // a string: checked by McpParams
            if (!subscribe) {
                subscriptions.remove(uri);
                return;
            }
            synchronized (subscriptions) {
                if (!subscriptions.contains(uri) && subscriptions.size() >= MAX_SUBSCRIPTIONS_PER_SESSION) {
                    throw HttpRefusal.of(ErrorCode.INVALID_PARAMS, "this session has "
                            + MAX_SUBSCRIPTIONS_PER_SESSION + " subscriptions, the most it may hold; unsubscribe"
                            + " from one first (resources/unsubscribe) or start another session");
                }
                subscriptions.add(uri);
            }
        }
    }

    static final int MAX_SUBSCRIPTIONS_PER_SESSION = 16;

    /**
     * Sessions one key may have open on a node. A client that opens a session per conversation and never ends it
     * would otherwise keep each for the idle timeout; past the limit, the key's least recently used session ends.
     */
    static final int MAX_SESSIONS_PER_KEY = 1000;

    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    private final Duration idleTimeout;
    private final ClientKeyAdmission keys;

    SessionRegistry(McpSettings settings, MeterRegistry meters, ClientKeyAdmission keys) {
        this.idleTimeout = settings.mcp().sessionIdleTimeout();
        this.keys = keys;
        Gauge.builder("mcp.server.sessions.active", sessions, Map::size)
                .description("MCP sessions open on this node").register(meters);
    }

    void add(McpStreamableServerSession session, @Nullable String keyId, String keyHash, @Nullable String clientName,
            @Nullable String clientVersion) {
        List<Map.Entry<String, Entry>> ofKey = sessions.entrySet().stream()
                .filter(open -> open.getValue().keyHash().equals(keyHash)).toList();
        if (ofKey.size() >= MAX_SESSIONS_PER_KEY) {
            ofKey.stream().sorted(Comparator.comparingLong(open -> open.getValue().lastSeenNanos().get()))
                    .limit(ofKey.size() - MAX_SESSIONS_PER_KEY + 1)
                    .forEach(open -> end(open.getKey(), open.getValue()));
        }
        sessions.put(session.getId(),
                new Entry(session, keyId, keyHash, clientName, clientVersion, new AtomicLong(System.nanoTime()),
                        ConcurrentHashMap.newKeySet()));
    }

    /** The session, if it exists, has not been idle too long, and belongs to this key. */
    @Nullable Entry find(String sessionId, @Nullable String keyId) {
        Entry entry = sessions.get(sessionId);
        if (entry == null || !java.util.Objects.equals(entry.keyId(), keyId)) {
            return null;
        }
        if (idle(entry, System.nanoTime())) {
            end(sessionId, entry);
            return null;
        }
        entry.touch();
        return entry;
    }

    private boolean idle(Entry entry, long now) {
        return now - entry.lastSeenNanos().get() > idleTimeout.toNanos();
    }

    private void end(String sessionId, Entry entry) {
        if (sessions.remove(sessionId, entry)) {
            entry.session().close();
        }
    }

    @Nullable Entry remove(String sessionId) {
        return sessions.remove(sessionId);
    }

    Iterable<Entry> all() {
        return sessions.values();
    }

    /** Idle sessions are also ended on their next use; the sweep frees the ones nobody comes back to. */
    @Scheduled(fixedDelay = 15_000, initialDelay = 15_000)
    void endIdleSessions() {
        long now = System.nanoTime();
        sessions.forEach((id, entry) -> {
            if (idle(entry, now)) {
                end(id, entry);
            }
        });
    }

    /** Each key with a session is looked up as a request's would be: a second's cache, forgotten on any change. */
    @Scheduled(fixedDelay = 1_000, initialDelay = 1_000)
    void endSessionsOfRetiredKeys() {
        Set<String> hashes = new HashSet<>();
        sessions.values().forEach(entry -> hashes.add(entry.keyHash()));
        for (String hash : hashes) {
            keys.current(hash).thenAccept(found -> {
                if (found.isEmpty() || found.get().statusAt(Instant.now()) != KeyStatus.ACTIVE) {
                    sessions.forEach((id, entry) -> {
                        if (entry.keyHash().equals(hash)) {
                            end(id, entry);
                        }
                    });
                }
            }); // a registry that cannot be read ends nothing; the next sweep asks again
        }
    }

    void closeAll() {
        sessions.values().forEach(entry -> entry.session().close());
        sessions.clear();
    }
}
