package io.fluxbase.mcp.kernel.secret;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A secret was set (created or replaced). The log keeps that it changed and when, never its value. */
@Revision("1")
public record SecretSetEvent(String name, Instant time) {
}
