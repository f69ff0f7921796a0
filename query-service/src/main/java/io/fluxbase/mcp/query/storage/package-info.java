/** Reads of buckets and files under the caller's role. */
@NullMarked
package io.fluxbase.mcp.query.storage;

import org.jspecify.annotations.NullMarked;
