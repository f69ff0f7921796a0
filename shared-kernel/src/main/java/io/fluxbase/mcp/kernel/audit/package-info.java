@NullMarked
package io.fluxbase.mcp.kernel.audit;

import org.jspecify.annotations.NullMarked;
