@NullMarked
package io.fluxbase.mcp.kernel.clientkey;

import org.jspecify.annotations.NullMarked;
