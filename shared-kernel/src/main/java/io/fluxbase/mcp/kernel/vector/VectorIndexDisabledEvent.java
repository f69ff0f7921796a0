package io.fluxbase.mcp.kernel.vector;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A table is no longer searchable; its stored embeddings were dropped with it. */
@Revision("1")
public record VectorIndexDisabledEvent(String table, Instant time) {
}
