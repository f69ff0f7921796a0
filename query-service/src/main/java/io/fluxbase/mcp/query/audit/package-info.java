@NullMarked
package io.fluxbase.mcp.query.audit;

import org.jspecify.annotations.NullMarked;
