/** {@code fluxbase vectors}: make tables searchable by meaning (vector_search), list them, follow their embedding. */
@NullMarked
package io.fluxbase.mcp.cli.vectors;

import org.jspecify.annotations.NullMarked;
