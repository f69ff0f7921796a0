@NullMarked
package io.fluxbase.mcp.command.table;

import org.jspecify.annotations.NullMarked;
