/** Vector search, the reading side: the in-memory index of stored embeddings that proposes candidates. */
@org.jspecify.annotations.NullMarked
package io.fluxbase.mcp.query.vector;
