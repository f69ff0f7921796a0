package io.fluxbase.mcp.query.vector;

import io.fluxbase.mcp.kernel.vector.VectorMetric;
import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;
import java.util.stream.IntStream;

/**
 * An HNSW graph (jvector) over one table's slots: a node's number is its slot, its vector is read from the table's
 * store. Only one thread changes it (the index's refresh loop, which adds a batch of nodes on every core); any number
 * search it meanwhile. A deleted node stays in the graph, excluded from answers, until {@link #removeDeleted} repairs
 * its neighbours; only then may its slot hold another row.
 */
final class NeighbourGraph {

    /** Edges per node and the beam while inserting: at 100,000 MiniLM rows these give recall@10 above 0.95. */
    private static final int DEGREE = 16;
    private static final int BUILD_BEAM = 100;
    /** Candidates the search keeps before the best {@code count}: more is slower and nearer to exact. */
    static final int SEARCH_BEAM = 100;

    private static final VectorTypeSupport TYPES = VectorizationProvider.getInstance().getVectorTypeSupport();

    private final Vectors vectors;
    private final VectorSimilarityFunction similarity;
    private final GraphIndexBuilder builder;
    private int deleted;
    private volatile int nodes;

    /** The table's vectors by slot, as the graph reads them; a slot's vector never changes while it is in the graph. */
    static final class Vectors implements RandomAccessVectorValues {

        private final IntFunction<float[]> slot;
        private final IntSupplier size;
        private final int dimensions;

        Vectors(IntFunction<float[]> slot, IntSupplier size, int dimensions) {
            this.slot = slot;
            this.size = size;
            this.dimensions = dimensions;
        }

        @Override
        public int size() {
            return size.getAsInt();
        }

        @Override
        public int dimension() {
            return dimensions;
        }

        @Override
        public VectorFloat<?> getVector(int node) {
            return TYPES.createFloatVector(slot.apply(node));
        }

        @Override
        public boolean isValueShared() {
            return false;
        }

        @Override
        public RandomAccessVectorValues copy() {
            return this;
        }
    }

    /** An empty graph; {@link #add} fills it. */
    NeighbourGraph(Vectors vectors, VectorMetric metric) {
        this.vectors = vectors;
        // stored cosine vectors are unit length, so the dot product orders them as cosine does
        this.similarity = metric == VectorMetric.L2 ? VectorSimilarityFunction.EUCLIDEAN
                : VectorSimilarityFunction.DOT_PRODUCT;
        this.builder = new GraphIndexBuilder(BuildScoreProvider.randomAccessScoreProvider(vectors, similarity),
                vectors.dimension(), DEGREE, BUILD_BEAM, 1.2f, 1.2f, true);
    }

    /** Adds the slots on the common pool (every core): adding is most of the graph's cost. */
    void add(int[] slots) {
        IntStream.of(slots).parallel().forEach(slot -> builder.addGraphNode(slot, vectors.getVector(slot)));
        nodes += slots.length;
    }

    void delete(int slot) {
        builder.markNodeDeleted(slot);
        deleted++;
        nodes--;
    }

    /** Nodes in the graph and not deleted. */
    int nodes() {
        return nodes;
    }

    int deleted() {
        return deleted;
    }

    /** Takes the deleted nodes out and links their neighbours anew; their slots may then be used again. */
    void removeDeleted() {
        builder.removeDeletedNodes();
        deleted = 0;
    }

    /**
     * Up to {@code count} slots nearest to the (stored-form) query among those {@code live} accepts, nearest first;
     * fewer only when the graph holds fewer.
     */
    int[] nearest(float[] query, int count, Bits live) {
        if (nodes == 0) {
            return new int[0];
        }
        VectorFloat<?> target = TYPES.createFloatVector(query);
        try (GraphSearcher searcher = new GraphSearcher(builder.getGraph())) {
            SearchResult result = searcher.search(DefaultSearchScoreProvider.exact(target, similarity, vectors), count,
                    Math.max(count, SEARCH_BEAM), 0f, 0f, live);
            return Arrays.stream(result.getNodes()).mapToInt(node -> node.node).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
