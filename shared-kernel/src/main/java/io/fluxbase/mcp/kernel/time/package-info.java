@NullMarked
package io.fluxbase.mcp.kernel.time;

import org.jspecify.annotations.NullMarked;
