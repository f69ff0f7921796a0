package io.fluxbase.mcp.query.keyregistry;

import io.fluxbase.mcp.kernel.clientkey.Admission;
import io.fluxbase.mcp.kernel.clientkey.ClientKeyAdmission;
import io.fluxbase.mcp.kernel.clientkey.ClientKeyView;
import io.fluxbase.mcp.kernel.clientkey.KeyStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Component;

/**
 * Admits a presented key from what this node knows of the registry ({@link KnownKeys}) and counts the request in
 * the key's window ({@link RateWindows}): a key this node has seen costs no statement. Keys that are not active are
 * not counted.
 */
@Component
class KeyRegistryAdmission implements ClientKeyAdmission {

    private final KnownKeys keys;
    private final RateWindows windows;

    KeyRegistryAdmission(KnownKeys keys, RateWindows windows) {
        this.keys = keys;
        this.windows = windows;
    }

    @Override
    public CompletableFuture<Admission> admit(String keyHash) {
        Instant now = Instant.now();
        return keys.find(keyHash).thenApply(found -> found.map(key -> admission(key, now))
                .orElseGet(() -> Admission.unknown(now)));
    }

    @Override
    public CompletableFuture<Optional<ClientKeyView>> current(String keyHash) {
        return keys.find(keyHash);
    }

    private Admission admission(ClientKeyView key, Instant now) {
        Instant windowStart = now.truncatedTo(ChronoUnit.MINUTES);
        long position = key.statusAt(now) == KeyStatus.ACTIVE ? windows.count(key.id(), windowStart) : 0;
        return new Admission(key, position, windowStart.plus(1, ChronoUnit.MINUTES));
    }
}
