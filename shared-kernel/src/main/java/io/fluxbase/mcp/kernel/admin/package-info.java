@NullMarked
package io.fluxbase.mcp.kernel.admin;

import org.jspecify.annotations.NullMarked;
