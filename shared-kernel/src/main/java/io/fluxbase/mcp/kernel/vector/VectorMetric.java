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
        double dot = 0;
        for (int i = 0; i < query.length; i++) {
            dot += query[i] * data[at + i];
        }
        return dot;
    }
}
