@NullMarked
package io.fluxbase.mcp.kernel.rpc;

import org.jspecify.annotations.NullMarked;
