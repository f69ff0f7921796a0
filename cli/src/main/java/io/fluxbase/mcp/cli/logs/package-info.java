/** {@code fluxbase logs}: list and follow the MCP and auth audit log. */
@NullMarked
package io.fluxbase.mcp.cli.logs;

import org.jspecify.annotations.NullMarked;
