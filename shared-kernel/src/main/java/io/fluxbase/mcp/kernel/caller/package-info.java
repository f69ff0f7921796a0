@NullMarked
package io.fluxbase.mcp.kernel.caller;

import org.jspecify.annotations.NullMarked;
