/**
 * The tamper-evident command log: the canonical encoding and hashes of stored records, the chain that links them,
 * signed checkpoints, and the walk that verifies them. Pure Java, so the server and the CLI (verifying an exported
 * file) run the same code.
 */
@NullMarked
package io.fluxbase.mcp.kernel.chain;

import org.jspecify.annotations.NullMarked;
