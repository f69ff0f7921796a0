/**
 * Vector search, the writing side: enabling and disabling tables ({@link VectorIndexCatalog}), the trigger-fed queue
 * drained by {@link EmbeddingWorker}, and the embedding providers (in-process model or an OpenAI-compatible endpoint).
 */
@org.jspecify.annotations.NullMarked
package io.fluxbase.mcp.command.vector;
