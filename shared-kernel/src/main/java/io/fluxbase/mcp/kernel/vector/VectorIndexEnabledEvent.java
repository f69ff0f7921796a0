package io.fluxbase.mcp.kernel.vector;

import java.time.Instant;
import org.axonframework.serialization.Revision;
import org.jspecify.annotations.Nullable;

/** A table became searchable by the text of one column or of a template over several; its rows are then embedded. */
@Revision("1")
public record VectorIndexEnabledEvent(String table, @Nullable String column, @Nullable String template, String model,
        String metric, Instant time) {
}
