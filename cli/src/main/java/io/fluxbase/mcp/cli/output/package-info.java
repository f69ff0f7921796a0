/** Renders command results as an aligned table for people, or JSON / CSV for scripts. */
@NullMarked
package io.fluxbase.mcp.cli.output;

import org.jspecify.annotations.NullMarked;
