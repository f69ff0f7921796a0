package io.fluxbase.mcp.kernel.clientkey;

import java.time.Instant;
import org.axonframework.serialization.Revision;

@Revision("1")
public record ClientKeyRevokedEvent(String keyId, Instant revokedAt) {
}
