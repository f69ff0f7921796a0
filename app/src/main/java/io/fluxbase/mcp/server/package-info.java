@NullMarked
package io.fluxbase.mcp.server;

import org.jspecify.annotations.NullMarked;
