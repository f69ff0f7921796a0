package io.fluxbase.mcp.kernel.secret;

import java.time.Instant;
import org.axonframework.serialization.Revision;

@Revision("1")
public record SecretDeletedEvent(String name, Instant time) {
}
