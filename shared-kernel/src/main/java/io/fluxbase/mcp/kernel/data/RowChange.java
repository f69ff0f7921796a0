package io.fluxbase.mcp.kernel.data;

import org.jspecify.annotations.Nullable;

/**
 * One changed row in a change event: its primary key as a JSON object (null when the table has none), a SHA-256
 * digest of the row's values, and the values themselves only when {@code audit.change_values} is {@code full}.
 */
public record RowChange(@Nullable String key, String digest, @Nullable String values) {
}
