@NullMarked
package io.fluxbase.mcp.kernel.value;

import org.jspecify.annotations.NullMarked;
