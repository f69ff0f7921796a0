package io.fluxbase.mcp.kernel.chain;

import io.fluxbase.mcp.kernel.audit.CallRecordedEvent;
import io.fluxbase.mcp.kernel.data.RecordsDeletedEvent;
import io.fluxbase.mcp.kernel.data.RecordsInsertedEvent;
import io.fluxbase.mcp.kernel.data.RecordsUpdatedEvent;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
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
     * The last pruning: prunable records older than {@code time}, at or before {@code position} (the signed
     * checkpoint at the cut), may be missing; their chain rows stay, so the links through them are still verified.
     * The database alone does not vouch for the cut: retention signs it with the checkpoints' key, as it signs them.
     */
    public record Cut(long position, @Nullable Instant time, byte @Nullable [] signature) {

        public static final Cut NONE = new Cut(0, null, null);

        /** The bytes the signature covers. */
        public static byte[] signed(long position, Instant time) {
            return ("fluxbase-log-pruning-v1\n" + position + "\n" + time).getBytes(StandardCharsets.UTF_8);
        }

        public boolean covers(long chainPosition) {
            return chainPosition <= position;
        }

        /** Whether the record is older than the cut: retention removes no record of its time or later. */
        public boolean isOlder(ChainLink link) {
            return time != null && link.time().isBefore(time);
        }

        /** Whether the cut is retention's own: signed with {@code key}. */
        public boolean signedWith(PublicKey key) {
            return time != null && signature != null && CheckpointKeys.verifies(key, signed(position, time), signature);
        }
    }
}
