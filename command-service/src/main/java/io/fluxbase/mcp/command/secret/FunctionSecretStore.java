package io.fluxbase.mcp.command.secret;

import io.fluxbase.mcp.kernel.secret.FunctionSecrets;
import io.fluxbase.mcp.kernel.secret.SecretDeletedEvent;
import io.fluxbase.mcp.kernel.secret.SecretNotFound;
import io.fluxbase.mcp.kernel.secret.SecretSetEvent;
import io.fluxbase.mcp.kernel.secret.SecretStore;
import io.fluxbase.mcp.kernel.secret.SecretView;
import io.fluxbase.mcp.kernel.secret.SetSecretCommand;
import java.security.GeneralSecurityException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sets and unsets secrets on the server's own connection, the row and its event in one transaction (the event store
 * joins it), and keeps every value decrypted in memory for invocations.
 *
 * <p>Why a cache that is re-read every few seconds: an invocation must not wait for the database (it asks on an event
 * loop), and secrets change rarely. This node's own writes re-read it at once, so a secret set here is seen by the next
 * call; another node's change is seen within {@link #REFRESH_SECONDS} seconds. A re-read decrypts only what changed
 * (a new nonce), so it costs one small query.
 */
@Component
class FunctionSecretStore implements SecretStore, FunctionSecrets {

    static final int REFRESH_SECONDS = 3;

    private static final Logger log = LoggerFactory.getLogger(FunctionSecretStore.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final EventStore events;
    private final SecretsKey key;
    private volatile @Nullable Snapshot snapshot;
    private boolean refreshFailing;

    /** One secret as read: its value when it opens, else why not. */
    private record Entry(String name, Instant updatedAt, byte[] nonce, @Nullable String value,
            @Nullable String problem) {
    }

    private record Snapshot(Map<String, Entry> entries, Map<String, String> values) {
    }

    FunctionSecretStore(JdbcTemplate jdbc, TransactionTemplate transaction, EventStore events, SecretsKey key) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.events = events;
        this.key = key;
    }

    @Override
    public SecretView set(SetSecretCommand command) {
        SecretCipher.Sealed sealed = SecretCipher.seal(key.get(), command.name(), command.value());
        Instant updatedAt = transaction.execute(status -> {
            Timestamp time = jdbc.queryForObject("""
                    INSERT INTO fluxbase.function_secrets AS s (name, ciphertext, nonce) VALUES (?, ?, ?)
                    ON CONFLICT (name) DO UPDATE SET ciphertext = excluded.ciphertext, nonce = excluded.nonce,
                        updated_at = now()
                    RETURNING updated_at""", Timestamp.class, command.name(), sealed.ciphertext(), sealed.nonce());
            Instant at = time.toInstant();
            events.publish(GenericEventMessage.asEventMessage(new SecretSetEvent(command.name(), at)));
            return at;
        });
        reload();
        return new SecretView(command.name(), updatedAt == null ? Instant.now() : updatedAt, null);
    }

    @Override
    public void unset(String name) {
        transaction.executeWithoutResult(status -> {
            List<Timestamp> deleted = jdbc.queryForList("DELETE FROM fluxbase.function_secrets WHERE name = ?"
                    + " RETURNING now()", Timestamp.class, name);
            if (deleted.isEmpty()) {
                throw new SecretNotFound(name, jdbc.queryForList("SELECT name FROM fluxbase.function_secrets"
                        + " ORDER BY name", String.class));
            }
            events.publish(GenericEventMessage.asEventMessage(new SecretDeletedEvent(name,
                    deleted.getFirst().toInstant())));
        });
        reload();
    }

    @Override
    public List<SecretView> list() {
        return reload().entries().values().stream()
                .map(entry -> new SecretView(entry.name(), entry.updatedAt(), entry.problem()))
                .toList();
    }

    @Override
    public Map<String, String> values() {
        Snapshot current = snapshot;
        // read at startup by refresh(); only a call in the server's first moments reads it here
        return (current == null ? reload() : current).values();
    }

    /** Another node's changes; a database that does not answer keeps the values last read. */
    @Scheduled(fixedDelay = REFRESH_SECONDS, timeUnit = TimeUnit.SECONDS)
    void refresh() {
        try {
            reload();
            refreshFailing = false;
        } catch (DataAccessException e) {
            if (!refreshFailing) {
                log.warn("Could not re-read the functions' secrets ({}); functions keep the values last read",
                        e.getMostSpecificCause().getMessage());
            }
            refreshFailing = true;
        }
    }

    /** Synchronized, so a slower read can never replace a newer one. */
    private synchronized Snapshot reload() {
        Snapshot previous = snapshot;
        Map<String, Entry> entries = new LinkedHashMap<>();
        jdbc.query("SELECT name, updated_at, nonce, ciphertext FROM fluxbase.function_secrets ORDER BY name", row -> {
            String name = row.getString(1);
            byte[] nonce = row.getBytes(3);
            Entry known = previous == null ? null : previous.entries().get(name);
            entries.put(name, known != null && Arrays.equals(known.nonce(), nonce) ? known
                    : opened(name, row.getTimestamp(2).toInstant(), new SecretCipher.Sealed(row.getBytes(4), nonce)));
        });
        Map<String, String> values = new HashMap<>();
        entries.values().forEach(entry -> {
            if (entry.value() != null) {
                values.put(entry.name(), entry.value());
            }
        });
        Snapshot fresh = new Snapshot(Map.copyOf(entries), Map.copyOf(values));
        snapshot = fresh;
        return new Snapshot(entries, fresh.values());
    }

    private Entry opened(String name, Instant updatedAt, SecretCipher.Sealed sealed) {
        try {
            return new Entry(name, updatedAt, sealed.nonce(), SecretCipher.open(key.get(), name, sealed), null);
        } catch (GeneralSecurityException e) {
            String problem = "secret " + name + " cannot be decrypted with the current key, " + key.where()
                    + ": it was sealed under another key (or copied from another secret's row). Restore that key, or"
                    + " set the secret again (fluxbase"
                    + " secrets set " + name + ")";
            log.warn(problem);
            return new Entry(name, updatedAt, sealed.nonce(), null, problem);
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            log.warn("secret {} cannot be decrypted: {}", name, e.getMessage());
            return new Entry(name, updatedAt, sealed.nonce(), null, "secret " + name + " cannot be decrypted: "
                    + e.getMessage());
        }
    }
}
