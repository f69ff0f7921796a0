package io.fluxbase.mcp.kernel.filter;

import java.util.Objects;

/**
 * One value as text, for {@code eq}..{@code lte}, {@code like} and {@code ilike}. Kept as text on
 * purpose: PostgreSQL converts it to the column type, so we never guess types in Java. For
 * like/ilike the PostgREST {@code *} wildcard has already been turned into {@code %}.
 */
public record Scalar(String text) implements FilterValue {

    public Scalar {
        Objects.requireNonNull(text, "text");
    }
}
