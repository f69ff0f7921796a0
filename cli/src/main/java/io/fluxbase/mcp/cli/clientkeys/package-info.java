/** {@code fluxbase clientkeys}: create, list, inspect, revoke and rotate client keys. */
@NullMarked
package io.fluxbase.mcp.cli.clientkeys;

import org.jspecify.annotations.NullMarked;
