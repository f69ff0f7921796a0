/**
 * Calling exposed PostgreSQL functions for the {@code invoke_rpc} tool: choosing the overload a
 * caller means from the argument names it gives, and building the call with named arguments.
 */
@org.jspecify.annotations.NullMarked
package io.fluxbase.mcp.kernel.rpc;
