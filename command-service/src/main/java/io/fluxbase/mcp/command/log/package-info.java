@NullMarked
package io.fluxbase.mcp.command.log;

import org.jspecify.annotations.NullMarked;
