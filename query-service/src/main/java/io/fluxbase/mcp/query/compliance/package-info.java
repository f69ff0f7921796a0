/** The compliance report's figures, aggregated in SQL over the read models. */
@NullMarked
package io.fluxbase.mcp.query.compliance;

import org.jspecify.annotations.NullMarked;
