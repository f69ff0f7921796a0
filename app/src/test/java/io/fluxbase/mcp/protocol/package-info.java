/** End-to-end protocol tests: real MCP clients (the conformance CLI, mcp-remote) against a real server. */
@NullMarked
package io.fluxbase.mcp.protocol;

import org.jspecify.annotations.NullMarked;
