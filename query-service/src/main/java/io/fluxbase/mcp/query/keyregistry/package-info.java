@NullMarked
package io.fluxbase.mcp.query.keyregistry;

import org.jspecify.annotations.NullMarked;
