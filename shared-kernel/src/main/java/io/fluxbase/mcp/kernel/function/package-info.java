/**
 * Edge functions as the rest of the system sees them: the code of one deployed version, the request a function is
 * called with, its response, what it may do through {@code ctx} ({@link FunctionContext}, implemented by the caller)
 * and the two ways a function is refused: its source ({@link FunctionSyntaxError}) or its run
 * ({@link FunctionFailed}). The JavaScript engine that runs them lives in {@code io.fluxbase.mcp.function}.
 */
@org.jspecify.annotations.NullMarked
package io.fluxbase.mcp.kernel.function;
