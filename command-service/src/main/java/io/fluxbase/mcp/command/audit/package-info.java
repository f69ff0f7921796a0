@NullMarked
package io.fluxbase.mcp.command.audit;

import org.jspecify.annotations.NullMarked;
