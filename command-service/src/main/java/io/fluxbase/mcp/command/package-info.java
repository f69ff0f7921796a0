/** The write side: aggregates decide, the command log records. Depends on the kernel only. */
@NullMarked
package io.fluxbase.mcp.command;

import org.jspecify.annotations.NullMarked;
