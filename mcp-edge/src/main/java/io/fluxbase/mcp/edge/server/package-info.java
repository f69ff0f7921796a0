@NullMarked
package io.fluxbase.mcp.edge.server;

import org.jspecify.annotations.NullMarked;
