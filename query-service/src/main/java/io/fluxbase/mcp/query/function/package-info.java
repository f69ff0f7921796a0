/** The read model of edge functions' runs: one row per {@code FunctionInvoked} event, and what is read from it. */
@NullMarked
package io.fluxbase.mcp.query.function;

import org.jspecify.annotations.NullMarked;
