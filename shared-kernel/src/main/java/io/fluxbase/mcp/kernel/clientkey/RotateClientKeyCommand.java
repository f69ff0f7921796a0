package io.fluxbase.mcp.kernel.clientkey;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Replaces the key's secret; the old secret stops working as soon as the registry has the new hash. */
public record RotateClientKeyCommand(@TargetAggregateIdentifier String keyId, String keyHash, String keyPrefix) {
}
