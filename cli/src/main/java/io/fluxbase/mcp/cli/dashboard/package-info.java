/** {@code fluxbase dashboard}: sign in to the web dashboard without typing the admin token. */
@NullMarked
package io.fluxbase.mcp.cli.dashboard;

import org.jspecify.annotations.NullMarked;
