@NullMarked
package io.fluxbase.mcp.config;

import org.jspecify.annotations.NullMarked;
