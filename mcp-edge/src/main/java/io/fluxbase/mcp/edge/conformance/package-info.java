/**
 * Fixture tools, resources and prompts named by the {@code @modelcontextprotocol/conformance} server scenarios.
 * Registered only when {@code fluxbase.conformance-fixtures=true} (environment {@code FLUXBASE_CONFORMANCE_FIXTURES}).
 */
@NullMarked
package io.fluxbase.mcp.edge.conformance;

import org.jspecify.annotations.NullMarked;
