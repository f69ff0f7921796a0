package io.fluxbase.mcp.query.vector;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxbase.mcp.kernel.vector.VectorCandidates.Candidate;
import io.fluxbase.mcp.kernel.vector.VectorCandidates.IndexedTable;
import io.fluxbase.mcp.kernel.vector.VectorMetric;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The HNSW path against the exact scan on the same vectors: recall, rows stored and removed after the build. */
class TableVectorsTest {

    static final int DIMENSIONS = 48;
    static final IndexedTable TABLE = new IndexedTable("public.docs", "id", VectorMetric.COSINE, List.of("body"));

    private final Random random = new Random(7);

    /** Clustered, as embeddings of texts are: a point near one of 50 centres. */
    float[] vector(float[][] centres) {
        float[] centre = centres[random.nextInt(centres.length)];
        float[] v = new float[DIMENSIONS];
        for (int i = 0; i < DIMENSIONS; i++) {
            v[i] = centre[i] + (float) random.nextGaussian() * 0.3f;
        }
        return VectorMetric.COSINE.stored(v);
    }

    float[][] centres() {
        float[][] centres = new float[50][DIMENSIONS];
        for (float[] centre : centres) {
            for (int i = 0; i < DIMENSIONS; i++) {
                centre[i] = (float) random.nextGaussian();
            }
        }
        return centres;
    }

    static void build(TableVectors vectors) {
        do {
            vectors.maintainGraph();
        } while (!vectors.approximate());
    }

    static Set<String> keys(List<Candidate> candidates) {
        return candidates.stream().map(Candidate::key).collect(Collectors.toSet());
    }

    @Test
    void theGraphFindsWhatTheExactScanFindsAndFollowsLaterWritesAndDeletes() {
        float[][] centres = centres();
        TableVectors approximate = new TableVectors(TABLE, 1, 1000);
        TableVectors exact = new TableVectors(TABLE, 1, Integer.MAX_VALUE);
        for (int i = 0; i < 5000; i++) {
            float[] v = vector(centres);
            approximate.put("r" + i, v);
            exact.put("r" + i, v);
        }
        approximate.maintainGraph();
        assertThat(approximate.approximate()).as("rows still on their way to the graph").isFalse();
        assertThat(approximate.nearest(vector(centres), 10)).hasSize(10);
        build(approximate);
        // rows deleted after the build (the graph drops them and their slots hold new rows), then rows rewritten with
        // another vector
        for (int i = 0; i < 2000; i++) {
            approximate.remove("r" + i);
            exact.remove("r" + i);
        }
        build(approximate);
        for (int i = 0; i < 1500; i++) {
            float[] v = vector(centres);
            approximate.put("r" + (i * 3), v);
            exact.put("r" + (i * 3), v);
        }
        build(approximate);

        int hits = 0;
        int queries = 100;
        for (int q = 0; q < queries; q++) {
            float[] query = vector(centres);
            List<Candidate> found = approximate.nearest(query, 10);
            assertThat(found).hasSize(10);
            assertThat(found).allSatisfy(c -> assertThat(Integer.parseInt(c.key().substring(1)))
                    .satisfiesAnyOf(n -> assertThat(n).isGreaterThanOrEqualTo(2000), n -> assertThat(n % 3).isZero()));
            Set<String> truth = keys(exact.nearest(query, 10));
            hits += (int) found.stream().filter(c -> truth.contains(c.key())).count();
        }
        assertThat(hits / (double) (queries * 10)).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void aLargeShareOfTheTableOrASmallTableIsAnsweredExactly() {
        float[][] centres = centres();
        TableVectors small = new TableVectors(TABLE, 1, 1000);
        for (int i = 0; i < 999; i++) {
            small.put("r" + i, vector(centres));
        }
        small.maintainGraph();
        assertThat(small.approximate()).isFalse();
        small.put("r999", vector(centres));
        build(small);
        assertThat(small.nearest(vector(centres), 400)).hasSize(400);
        assertThat(small.nearest(vector(centres), 2000)).hasSize(1000);
    }
}
