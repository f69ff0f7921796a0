@NullMarked
package io.fluxbase.mcp.edge.health;

import org.jspecify.annotations.NullMarked;
