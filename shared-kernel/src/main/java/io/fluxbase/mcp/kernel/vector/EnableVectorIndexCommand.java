package io.fluxbase.mcp.kernel.vector;

import io.fluxbase.mcp.kernel.table.TableRef;

/** {@code fluxbase vectors enable}: make a table searchable by the text {@code source} gives each row. */
public record EnableVectorIndexCommand(TableRef table, TextTemplate source, String model, VectorMetric metric) {
}
