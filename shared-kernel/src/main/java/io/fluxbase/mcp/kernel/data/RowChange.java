package io.fluxbase.mcp.kernel.data;

import org.jspecify.annotations.Nullable;

/**
 * One changed row in a change event: its primary key as a JSON object (null when the table has none), a SHA-256
 * digest of the row's values, the values themselves only when {@code audit.change_values} is {@code full}, and, for
 * an update that changed the primary key, the key the row had before (null otherwise, and in events written before
 * it was recorded).
 */
public record RowChange(@Nullable String key, String digest, @Nullable String values, @Nullable String previousKey) {

    public RowChange(@Nullable String key, String digest, @Nullable String values) {
        this(key, digest, values, null);
    }
}
