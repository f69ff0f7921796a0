package io.fluxbase.mcp.command.table;

import io.fluxbase.mcp.kernel.audit.CallRecord;
import io.fluxbase.mcp.kernel.audit.Digests;
import io.fluxbase.mcp.kernel.data.DeleteRecordsCommand;
import io.fluxbase.mcp.kernel.data.InsertRecordsCommand;
import io.fluxbase.mcp.kernel.data.RecordsDeletedEvent;
import io.fluxbase.mcp.kernel.data.RecordsInsertedEvent;
import io.fluxbase.mcp.kernel.data.RecordsUpdatedEvent;
import io.fluxbase.mcp.kernel.data.RowChange;
import io.fluxbase.mcp.kernel.data.TableWriteCommand;
import io.fluxbase.mcp.kernel.data.UpdateRecordsCommand;
import io.fluxbase.mcp.kernel.data.WriteCommand;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The change event of a write that changed rows: table, each row's primary key and value digest (and values, when
 * {@code audit.change_values} is {@code full}), the written columns, and the call and key that made it.
 */
final class ChangeEvents {

    private ChangeEvents() {
    }

    static Optional<Object> of(WriteCommand command, CallRecord draft, List<DataChanges.Returned> returned,
            boolean keepValues) {
        if (!(command instanceof TableWriteCommand write)) {
            return Optional.empty();
        }
        List<RowChange> rows = new ArrayList<>(returned.size());
        for (DataChanges.Returned row : returned) {
            String all = row.all() == null ? "null" : row.all();
            rows.add(new RowChange(row.key(), Digests.sha256(all), keepValues ? all : null));
        }
        String table = write.table().table().displayName();
        String callId = draft.callId();
        String keyId = draft.keyId();
        return Optional.of(switch (write) {
            case InsertRecordsCommand insert -> {
                Set<String> columns = new LinkedHashSet<>();
                insert.rows().forEach(row -> columns.addAll(row.keySet()));
                yield new RecordsInsertedEvent(table, List.copyOf(columns), rows, callId, keyId);
            }
            case UpdateRecordsCommand update -> new RecordsUpdatedEvent(table, List.copyOf(update.data().keySet()),
                    rows, callId, keyId);
            case DeleteRecordsCommand delete -> new RecordsDeletedEvent(table, delete.table().columnNames(), rows,
                    callId, keyId);
        });
    }
}
