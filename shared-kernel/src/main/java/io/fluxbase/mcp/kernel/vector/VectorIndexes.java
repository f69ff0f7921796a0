package io.fluxbase.mcp.kernel.vector;

import java.util.List;

/**
 * The admin side of vector search: enabling (and its event) commits with the table's queue triggers, so every later
 * write is embedded; the rows already there are a backfill job's ({@link VectorBackfill}). Disabling drops the
 * table's embeddings and its trigger. Blocking (JDBC). Bad input
 * throws IllegalArgumentException naming the argument and listing what exists; an unknown index
 * {@link VectorIndexNotFound}.
 */
public interface VectorIndexes {

    VectorIndexView enable(EnableVectorIndexCommand command);

    void disable(String table);

    List<VectorIndexView> list();

    VectorIndexView status(String table);

    /** The models {@code --model} accepts with the configured provider; the first is the default. */
    List<String> models();
}
