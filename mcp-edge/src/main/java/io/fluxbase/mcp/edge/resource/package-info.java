@NullMarked
package io.fluxbase.mcp.edge.resource;

import org.jspecify.annotations.NullMarked;
