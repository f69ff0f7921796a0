/** {@code fluxbase storage}: buckets, and files copied between this machine and a bucket. */
@NullMarked
package io.fluxbase.mcp.cli.storage;

import org.jspecify.annotations.NullMarked;
