/** Finds the running server (URL and admin token) and talks to its admin HTTP API. */
@NullMarked
package io.fluxbase.mcp.cli.connection;

import org.jspecify.annotations.NullMarked;
