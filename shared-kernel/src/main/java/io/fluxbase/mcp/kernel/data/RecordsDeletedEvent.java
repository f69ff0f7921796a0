package io.fluxbase.mcp.kernel.data;

import java.util.List;
import org.axonframework.serialization.Revision;
import org.jspecify.annotations.Nullable;

@Revision("1")
public record RecordsDeletedEvent(String table, List<String> columns, List<RowChange> rows, String callId,
        @Nullable String keyId) implements RecordsChangedEvent {

    public RecordsDeletedEvent {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    @Override
    public String operation() {
        return "delete";
    }
}
