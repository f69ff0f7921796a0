@NullMarked
package io.fluxbase.mcp.edge.auth;

import org.jspecify.annotations.NullMarked;
