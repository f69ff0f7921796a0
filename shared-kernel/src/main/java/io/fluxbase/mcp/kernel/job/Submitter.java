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
 * whichever node claims it, and only this key (or, for a user-bound key, its user's keys) may see it. The server
 * submits its own jobs (a vector backfill) as {@link #ADMIN}: those run as the service role and service keys see them.
 */
public record Submitter(String keyId, String keyType, String databaseRole, @Nullable UUID userId,
        Set<String> scopes) {

    /** The admin API, for the jobs the server starts itself; no client key has this id. */
    public static final Submitter ADMIN = new Submitter("admin", KeyType.SERVICE.wireName(), "service_role", null,
            Set.of());

    public Submitter {
        scopes = Set.copyOf(scopes);
    }

    public boolean isAdmin() {
        return keyId.equals(ADMIN.keyId);
    }

    public static Submitter of(Caller caller) {
        return new Submitter(caller.keyId(), caller.keyType().wireName(), caller.databaseRole(), caller.userId(),
                caller.scopes().stream().map(Scope::wireName).collect(Collectors.toSet()));
    }

    public Caller caller() {
        return new Caller(keyId, KeyType.parse(keyType), databaseRole, userId,
                scopes.stream().map(Scope::parse).collect(Collectors.toSet()));
    }
}
