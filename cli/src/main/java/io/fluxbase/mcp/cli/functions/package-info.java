/** {@code fluxbase functions}: deploy, list, inspect and delete JavaScript functions. */
@NullMarked
package io.fluxbase.mcp.cli.functions;

import org.jspecify.annotations.NullMarked;
