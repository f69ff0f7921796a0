/**
 * Table references and table shapes as read from the PostgreSQL catalog.
 */
@org.jspecify.annotations.NullMarked
package io.fluxbase.mcp.kernel.table;
