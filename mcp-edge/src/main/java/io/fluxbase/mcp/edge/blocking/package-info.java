@NullMarked
package io.fluxbase.mcp.edge.blocking;

import org.jspecify.annotations.NullMarked;
