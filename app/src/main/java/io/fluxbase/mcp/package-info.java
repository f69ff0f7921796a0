/** The one deployable: assembles the services, the embedded PostgreSQL default and the `fluxbase` command. */
@NullMarked
package io.fluxbase.mcp;

import org.jspecify.annotations.NullMarked;
