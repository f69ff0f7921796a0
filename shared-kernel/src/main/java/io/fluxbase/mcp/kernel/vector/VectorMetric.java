package io.fluxbase.mcp.kernel.vector;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How two embeddings are compared; every metric is reported as a similarity where higher is nearer, so a
 * {@code threshold} means the same thing whatever the metric.
 */
public enum VectorMetric {
    /** Cosine similarity in [-1, 1]; vectors are stored normalised so it is a dot product. */
    COSINE,
    /** The raw dot product. */
    DOT,
    /** 1 / (1 + euclidean distance), in (0, 1]. */
    L2;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static String validNames() {
        return Arrays.stream(values()).map(VectorMetric::wireName).collect(Collectors.joining(", "));
    }

    public static VectorMetric parse(String text, String argument) {
        for (VectorMetric metric : values()) {
            if (metric.wireName().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return metric;
            }
        }
        throw new IllegalArgumentException(argument + ": unknown metric '" + text + "'; valid metrics are "
                + validNames());
    }

    /** The vector as stored: unit length for cosine, unchanged otherwise. */
    public float[] stored(float[] vector) {
        if (this != COSINE) {
            return vector;
        }
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        if (norm == 0) {
            return vector;
        }
        float scale = (float) (1 / Math.sqrt(norm));
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = vector[i] * scale;
        }
        return unit;
    }

    /** Similarity of two stored vectors ({@link #stored}); {@code data} holds many, {@code at} is where one starts. */
    public double similarity(float[] query, float[] data, int at) {
        if (this == L2) {
            double sum = 0;
            for (int i = 0; i < query.length; i++) {
                double d = query[i] - data[at + i];
                sum += d * d;
            }
            return 1 / (1 + Math.sqrt(sum));
        }
        return dot(query, data, at);
    }

    /**
     * Four independent sums, so the CPU overlaps the multiply-adds (one running sum waits on each add): this loop is
     * the whole cost of an exact scan.
     */
    private static double dot(float[] query, float[] data, int at) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (int end = query.length - 3; i < end; i += 4) {
            s0 += query[i] * data[at + i];
            s1 += query[i + 1] * data[at + i + 1];
            s2 += query[i + 2] * data[at + i + 2];
            s3 += query[i + 3] * data[at + i + 3];
        }
        for (; i < query.length; i++) {
            s0 += query[i] * data[at + i];
        }
        return (double) s0 + s1 + s2 + s3;
    }
}
