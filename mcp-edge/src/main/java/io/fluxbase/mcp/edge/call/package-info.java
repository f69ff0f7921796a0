@NullMarked
package io.fluxbase.mcp.edge.call;

import org.jspecify.annotations.NullMarked;
