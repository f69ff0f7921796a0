/**
 * Secrets for edge functions ({@code ctx.env.NAME}): the name rule ({@link SecretName}), the command that sets one,
 * the events that record a change, which carry names and times only, never a value nor a digest of one, and the two
 * sides a node sees: {@link SecretStore} (set, unset, list; blocking) and {@link FunctionSecrets} (the values, for an
 * invocation, from memory).
 */
@org.jspecify.annotations.NullMarked
package io.fluxbase.mcp.kernel.secret;
