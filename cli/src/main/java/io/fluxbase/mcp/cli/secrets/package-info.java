/** {@code fluxbase secrets}: set, list and unset the secrets edge functions read as {@code ctx.env.NAME}. */
@NullMarked
package io.fluxbase.mcp.cli.secrets;

import org.jspecify.annotations.NullMarked;
