/**
 * Vector search ({@code vector_search}, scope {@code read:vectors}): which tables are searchable and by what text
 * ({@link EnableVectorIndexCommand}, {@link TextTemplate}), the events that record it, the embedding provider
 * ({@link Embeddings}), the server's in-memory nearest-neighbour index ({@link VectorCandidates}) and the admin side
 * ({@link VectorIndexes}).
 */
@org.jspecify.annotations.NullMarked
package io.fluxbase.mcp.kernel.vector;
