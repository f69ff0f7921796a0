@NullMarked
package io.fluxbase.mcp.query.catalog;

import org.jspecify.annotations.NullMarked;
