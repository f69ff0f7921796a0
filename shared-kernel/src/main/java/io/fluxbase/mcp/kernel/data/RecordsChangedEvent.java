package io.fluxbase.mcp.kernel.data;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** A change to user data, appended in the same transaction as the change itself and the call that made it. */
public sealed interface RecordsChangedEvent permits RecordsInsertedEvent, RecordsUpdatedEvent, RecordsDeletedEvent {

    /** Schema-qualified, as {@code public.tasks}. */
    String table();

    /** The columns the call wrote (for a delete: every column of the removed rows). */
    List<String> columns();

    List<RowChange> rows();

    String callId();

    @Nullable String keyId();

    /** {@code insert}, {@code update} or {@code delete}. */
    String operation();
}
