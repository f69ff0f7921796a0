/** The read side: projections record events into read models; queries serve them. Depends on the kernel only. */
@NullMarked
package io.fluxbase.mcp.query;

import org.jspecify.annotations.NullMarked;
