/** Buckets and files: the bucket lifecycle, and file writes under the caller's role with their events. */
@NullMarked
package io.fluxbase.mcp.command.storage;

import org.jspecify.annotations.NullMarked;
