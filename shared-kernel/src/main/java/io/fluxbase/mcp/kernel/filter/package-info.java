/**
 * Parsers for the PostgREST-style {@code filter}, {@code order} and {@code select} tool arguments.
 * Pure syntax: column names are checked against the live table later, by the SQL builders.
 */
@org.jspecify.annotations.NullMarked
package io.fluxbase.mcp.kernel.filter;
