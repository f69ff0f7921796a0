/**
 * The JavaScript runtime for edge functions (GraalJS, community edition): checking a function's source and running
 * one invocation of it in a sandboxed context, with {@code req} and {@code ctx} built from plain values. Uses only
 * the kernel; the edge decides who may call what.
 */
@org.jspecify.annotations.NullMarked
package io.fluxbase.mcp.function;
