/** The HTTP face: MCP transport and server, key authentication, scopes, rate limits, tools, admin API. */
@NullMarked
package io.fluxbase.mcp.edge;

import org.jspecify.annotations.NullMarked;
