package io.fluxbase.mcp.query.readmodel;

import java.util.function.Consumer;

/**
 * One row a projection inserts with a batch, the event it comes from, and what to write instead if the row is set
 * aside, given what went wrong (the audit log leaves a placeholder, so a record never silently disappears from
 * {@code logs list}).
 */
public record PendingRow(EventOrigin origin, Object[] values, Consumer<String> whenSetAside) {

    public PendingRow(EventOrigin origin, Object[] values) {
        this(origin, values, error -> { });
    }
}
