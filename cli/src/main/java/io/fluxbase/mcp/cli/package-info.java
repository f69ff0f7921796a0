/** Command-line interface: the {@code fluxbase} command and its admin subcommands. */
@NullMarked
package io.fluxbase.mcp.cli;

import org.jspecify.annotations.NullMarked;
