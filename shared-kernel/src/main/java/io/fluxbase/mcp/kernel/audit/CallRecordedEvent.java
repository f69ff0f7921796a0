package io.fluxbase.mcp.kernel.audit;

import org.axonframework.serialization.Revision;

@Revision("1")
public record CallRecordedEvent(CallRecord record) {
}
