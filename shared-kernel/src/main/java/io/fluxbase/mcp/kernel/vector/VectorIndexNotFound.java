package io.fluxbase.mcp.kernel.vector;

import java.util.List;

/** A table that is not vector-enabled; the message lists those that are. */
public class VectorIndexNotFound extends RuntimeException {

    public VectorIndexNotFound(String table, List<String> enabled) {
        super("table: " + table + " is not vector-enabled; " + (enabled.isEmpty()
                ? "no table is yet (enable one with 'fluxbase vectors enable --table T --column C')"
                : "vector-enabled tables: " + String.join(", ", enabled)));
    }
}
