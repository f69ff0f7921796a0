/**
 * PostgreSQL identifiers: the one validator and the one quoting rule for every name that reaches SQL text.
 */
@org.jspecify.annotations.NullMarked
package io.fluxbase.mcp.kernel.identifier;
