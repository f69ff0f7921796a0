/** {@code fluxbase compliance report}: the admin API's figures written as HTML (with inline SVG charts), Markdown or JSON. */
@NullMarked
package io.fluxbase.mcp.cli.compliance;

import org.jspecify.annotations.NullMarked;
