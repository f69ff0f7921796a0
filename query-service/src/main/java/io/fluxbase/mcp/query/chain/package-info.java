/**
 * The command log's hash chain on the server: the processor that chains records in the order the log makes them
 * visible, the signed checkpoints, verification and export over the database, and retention.
 */
@NullMarked
package io.fluxbase.mcp.query.chain;

import org.jspecify.annotations.NullMarked;
