/** Buckets and files: names and paths as the storage tools accept them, bucket rules, commands, events, views. */
@NullMarked
package io.fluxbase.mcp.kernel.storage;

import org.jspecify.annotations.NullMarked;
