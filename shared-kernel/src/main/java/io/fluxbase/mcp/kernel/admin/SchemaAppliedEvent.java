package io.fluxbase.mcp.kernel.admin;

import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * A {@code db apply} script ran and committed, appended with its admin record ({@code db.apply}, the same call id):
 * who changed the schema, when, and what kinds of statement it ran. The SQL itself is kept as its SHA-256 only; the
 * script lives in the project's own files, where the digest identifies it.
 *
 * @param statementKinds each statement's kind in order ({@code CREATE TABLE}, {@code CREATE POLICY}, ...)
 */
@Revision("1")
public record SchemaAppliedEvent(String callId, Instant time, String sqlDigest, List<String> statementKinds) {

    public SchemaAppliedEvent {
        statementKinds = List.copyOf(statementKinds);
    }
}
