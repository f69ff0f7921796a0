/** The compliance report: what keys there were, what they did, what was refused, what the admin changed. */
@NullMarked
package io.fluxbase.mcp.kernel.compliance;

import org.jspecify.annotations.NullMarked;
