@NullMarked
package io.fluxbase.mcp.query.db;

import org.jspecify.annotations.NullMarked;
