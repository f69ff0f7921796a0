@NullMarked
package io.fluxbase.mcp.query.table;

import org.jspecify.annotations.NullMarked;
