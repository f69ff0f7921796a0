/** {@code fluxbase db}: show the database URL and apply schema files. */
@NullMarked
package io.fluxbase.mcp.cli.db;

import org.jspecify.annotations.NullMarked;
