@NullMarked
package io.fluxbase.mcp.edge.admin;

import org.jspecify.annotations.NullMarked;
