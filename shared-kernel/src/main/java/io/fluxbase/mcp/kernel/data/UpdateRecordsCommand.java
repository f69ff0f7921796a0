package io.fluxbase.mcp.kernel.data;

import io.fluxbase.mcp.kernel.caller.Caller;
import io.fluxbase.mcp.kernel.filter.Condition;
import io.fluxbase.mcp.kernel.table.TableShape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** update_record: new values for the rows the (non-empty) filter matches. */
public record UpdateRecordsCommand(Caller caller, TableShape table, Map<String, @Nullable Object> data,
        List<Condition> filter, List<String> returning) implements TableWriteCommand {

    public UpdateRecordsCommand {
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
        filter = List.copyOf(filter);
        returning = List.copyOf(returning);
    }
}
