/**
 * Secrets for edge functions: encrypted at rest (AES-256-GCM under the server's secrets key), each change written
 * with its event in one transaction, the values kept decrypted in memory for invocations.
 */
@NullMarked
package io.fluxbase.mcp.command.secret;

import org.jspecify.annotations.NullMarked;
