package io.fluxbase.mcp.kernel.clientkey;

import java.time.Instant;
import org.axonframework.serialization.Revision;

@Revision("1")
public record ClientKeyRotatedEvent(String keyId, String keyHash, String keyPrefix, Instant rotatedAt) {
}
