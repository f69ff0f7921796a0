package io.fluxbase.mcp.command.storage;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where a file's content goes before its transaction: with the PostgreSQL backend nowhere (the bytes travel in the
 * transaction, into fluxbase_storage.contents), with S3 into the object store under its hash, so that a committed
 * file always has its content, and a crash leaves at most content that no file references (collected later).
 */
interface ContentPlacement {

    /** Stores the content where it lives; returns the bytes the contents row keeps, or null when it keeps none. */
    byte @Nullable [] place(String sha256, byte[] content);

    /**
     * Content about to be unregistered (collected): removed where it lives, if anywhere but the database. Returns
     * what is gone; content that could not be removed now stays registered, to be collected another time.
     */
    default List<String> discard(List<String> sha256s) {
        return sha256s;
    }
}
