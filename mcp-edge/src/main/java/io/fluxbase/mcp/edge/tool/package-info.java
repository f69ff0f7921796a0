@NullMarked
package io.fluxbase.mcp.edge.tool;

import org.jspecify.annotations.NullMarked;
