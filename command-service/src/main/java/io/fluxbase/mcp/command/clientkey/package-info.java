@NullMarked
package io.fluxbase.mcp.command.clientkey;

import org.jspecify.annotations.NullMarked;
