/** The one JSON mapper the CLI uses, and small helpers to read admin API answers. */
@NullMarked
package io.fluxbase.mcp.cli.json;

import org.jspecify.annotations.NullMarked;
