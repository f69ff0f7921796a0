@NullMarked
package io.fluxbase.mcp.edge.transport;

import org.jspecify.annotations.NullMarked;
