package io.fluxbase.mcp.kernel.job;

import io.fluxbase.mcp.kernel.caller.Caller;
import io.fluxbase.mcp.kernel.clientkey.KeyType;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The key that submitted a job, as its event keeps it: the job runs as this caller (role, claims, scopes) on
 * whichever node claims it, and only this key (or, for a user-bound key, its user's keys) may see it.
 */
public record Submitter(String keyId, String keyType, String databaseRole, @Nullable UUID userId,
        Set<String> scopes) {

    public Submitter {
        scopes = Set.copyOf(scopes);
    }

    public static Submitter of(Caller caller) {
        return new Submitter(caller.keyId(), caller.keyType().wireName(), caller.databaseRole(), caller.userId(),
                caller.scopes().stream().map(Scope::wireName).collect(Collectors.toSet()));
    }

    public Caller caller() {
        return new Caller(keyId, KeyType.parse(keyType), databaseRole, userId,
                scopes.stream().map(Scope::parse).collect(Collectors.toSet()));
    }

    /** Whether {@code viewer} may see this job: the same key, or a key bound to the same user. */
    public boolean visibleTo(Caller viewer) {
        return keyId.equals(viewer.keyId()) || userId != null && userId.equals(viewer.userId());
    }
}
