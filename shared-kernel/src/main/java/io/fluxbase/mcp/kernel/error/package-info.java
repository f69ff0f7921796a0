/** The one catalogue of the errors a caller can be told, with how each is answered and recorded. */
@NullMarked
package io.fluxbase.mcp.kernel.error;

import org.jspecify.annotations.NullMarked;
