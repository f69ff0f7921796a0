package io.fluxbase.mcp.kernel.chain;

import io.fluxbase.mcp.kernel.audit.CallRecordedEvent;
import io.fluxbase.mcp.kernel.data.RecordsDeletedEvent;
import io.fluxbase.mcp.kernel.data.RecordsInsertedEvent;
import io.fluxbase.mcp.kernel.data.RecordsUpdatedEvent;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What retention may remove: call records and data changes only. Client keys, functions, jobs and the rest are
 * event-sourced aggregates whose state is rebuilt from their events, so those are kept whatever their age.
 */
public final class Retention {

    public static final Set<String> PRUNABLE_TYPES = Set.of(CallRecordedEvent.class.getName(),
            RecordsInsertedEvent.class.getName(), RecordsUpdatedEvent.class.getName(),
            RecordsDeletedEvent.class.getName());

    private Retention() {
    }

    /**
     * The last pruning: prunable records at or before {@code position} (the signed checkpoint at the cut) may be
     * missing; their chain rows stay, so the links through them are still verified.
     */
    public record Cut(long position, @Nullable Instant time) {

        public static final Cut NONE = new Cut(0, null);

        public boolean covers(long chainPosition) {
            return chainPosition <= position;
        }

        public boolean covers(ChainLink link) {
            return covers(link.position()) && PRUNABLE_TYPES.contains(link.payloadType());
        }
    }
}
