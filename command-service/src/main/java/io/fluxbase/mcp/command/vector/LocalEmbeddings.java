package io.fluxbase.mcp.command.vector;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.fluxbase.mcp.kernel.vector.EmbeddingUnavailable;
import io.fluxbase.mcp.kernel.vector.Embeddings;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * all-MiniLM-L6-v2 (quantized, 384 dimensions) in this process: no service and no download. The model (about 25 MB of
 * ONNX plus its runtime, several hundred MB in memory) is loaded on first need only, in the background: a call made
 * while it loads waits for it.
 */
final class LocalEmbeddings implements Embeddings {

    static final String MODEL = "minilm";
    private static final Logger log = LoggerFactory.getLogger(LocalEmbeddings.class);

    /** Two threads: the machine this was measured on has two cores; the model splits a batch across them. */
    private final ExecutorService inference = Executors.newFixedThreadPool(2,
            Thread.ofPlatform().name("embedding-", 1).daemon().factory());
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
    private volatile @Nullable CompletableFuture<AllMiniLmL6V2QuantizedEmbeddingModel> model;

    @Override
    public String model() {
        return MODEL;
    }

    @Override
    public void prepare() {
        loaded();
    }

    private synchronized CompletableFuture<AllMiniLmL6V2QuantizedEmbeddingModel> loaded() {
        CompletableFuture<AllMiniLmL6V2QuantizedEmbeddingModel> current = model;
        if (current == null || current.isCompletedExceptionally()) {
            current = CompletableFuture.supplyAsync(() -> {
                long start = System.nanoTime();
                AllMiniLmL6V2QuantizedEmbeddingModel loaded = new AllMiniLmL6V2QuantizedEmbeddingModel(inference);
                log.info("Embedding model {} loaded in {} ms", MODEL, (System.nanoTime() - start) / 1_000_000);
                return loaded;
            }, calls);
            model = current;
        }
        return current;
    }

    @Override
    public CompletableFuture<List<float[]>> embed(List<String> texts) {
        return loaded().thenApplyAsync(loaded -> {
            try {
                return loaded.embedAll(texts.stream().map(TextSegment::from).toList()).content().stream()
                        .map(Embedding::vector).toList();
            } catch (RuntimeException | LinkageError e) {
                throw new EmbeddingUnavailable("the in-process model " + MODEL + " could not embed: " + e, e);
            }
        }, calls).exceptionally(e -> {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                    ? e.getCause() : e;
            throw cause instanceof EmbeddingUnavailable unavailable ? unavailable
                    : new EmbeddingUnavailable("the in-process model " + MODEL + " could not be loaded: " + cause,
                    cause);
        });
    }
}
