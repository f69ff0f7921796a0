package io.fluxbase.mcp.kernel.function;

import org.axonframework.serialization.Revision;

@Revision("1")
public record FunctionDeletedEvent(String name, int lastVersion) {
}
