/** {@code fluxbase jobs}: list background jobs, show one, cancel and retry. */
@NullMarked
package io.fluxbase.mcp.cli.jobs;

import org.jspecify.annotations.NullMarked;
