@NullMarked
package io.fluxbase.mcp.kernel.data;

import org.jspecify.annotations.NullMarked;
