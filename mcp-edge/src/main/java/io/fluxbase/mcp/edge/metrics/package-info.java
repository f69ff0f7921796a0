/** MCP call metrics named after the OpenTelemetry MCP semantic conventions, for /actuator/prometheus. */
@NullMarked
package io.fluxbase.mcp.edge.metrics;

import org.jspecify.annotations.NullMarked;
