/** Edge function deployments: the live version of each function and its events. */
@NullMarked
package io.fluxbase.mcp.command.function;

import org.jspecify.annotations.NullMarked;
