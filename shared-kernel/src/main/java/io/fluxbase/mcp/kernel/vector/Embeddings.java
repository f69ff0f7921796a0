package io.fluxbase.mcp.kernel.vector;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The embedding provider: the in-process model by default, or an OpenAI-compatible endpoint. A call made while the
 * model is still loading waits for it. A provider that fails completes exceptionally with
 * {@link EmbeddingUnavailable}.
 */
public interface Embeddings {

    /** The model's name as recorded with each index, e.g. {@code minilm}. */
    String model();

    CompletableFuture<List<float[]>> embed(List<String> texts);

    /** Loads the model in the background if it is not yet (called once a table is enabled). */
    void prepare();
}
