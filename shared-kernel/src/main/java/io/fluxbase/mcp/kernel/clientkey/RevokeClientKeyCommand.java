package io.fluxbase.mcp.kernel.clientkey;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RevokeClientKeyCommand(@TargetAggregateIdentifier String keyId) {
}
