@NullMarked
package io.fluxbase.mcp.command.db;

import org.jspecify.annotations.NullMarked;
