/**
 * SQL builders. Caller values only ever travel as bound parameters;
 * the only caller text that reaches SQL is identifiers checked against the table shape, then quoted.
 */
@org.jspecify.annotations.NullMarked
package io.fluxbase.mcp.kernel.sql;
