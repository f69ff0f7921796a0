package io.fluxbase.mcp.kernel.clientkey;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ExpireClientKeyCommand(@TargetAggregateIdentifier String keyId) {
}
