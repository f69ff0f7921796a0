package io.fluxbase.mcp.query.storage;

import reactor.core.publisher.Mono;

/**
 * Content kept outside PostgreSQL (the S3 backend), read by its hash once the file's row, read under the caller's
 * role, has shown that the caller may see it.
 */
public interface StoredContent {

    /** {@code length} bytes (fewer at the end) of the content from byte {@code offset} on. */
    Mono<byte[]> read(String sha256, long offset, int length);
}
