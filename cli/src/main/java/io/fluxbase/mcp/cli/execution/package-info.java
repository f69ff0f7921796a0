/** What every command shares at run time: its environment, how it is built, and how errors are reported. */
@NullMarked
package io.fluxbase.mcp.cli.execution;

import org.jspecify.annotations.NullMarked;
