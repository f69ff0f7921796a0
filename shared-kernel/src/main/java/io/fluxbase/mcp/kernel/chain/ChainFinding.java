package io.fluxbase.mcp.kernel.chain;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What verification found wrong first, naming the record: {@code position} is the chain's, absent for a record the
 * chain does not have.
 */
public record ChainFinding(Kind kind, @Nullable Long position, long globalIndex, String eventIdentifier,
        @Nullable Instant time, String type, String message) {

    public enum Kind {
        /** A record's content differs from what was chained. */
        ALTERED,
        /** A chained record is missing from the log (or a chain row is). */
        DELETED,
        /** A record is in the log but not in the chain, or a chain row does not link to the one before. */
        INSERTED,
        /** A position holds a record the chain has elsewhere. */
        REORDERED,
        /** A signed checkpoint does not verify, or does not match the chain. */
        CHECKPOINT,
        /** A record the chain has not taken long after it was written: the chain stopped following the log. */
        UNCHAINED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static ChainFinding at(Kind kind, ChainLink link, String message) {
        return new ChainFinding(kind, link.position(), link.globalIndex(), link.eventIdentifier(), link.time(),
                link.shortType(), message);
    }

    /** The record as a reader would look it up: position, global index, event id, time, type. */
    public String record() {
        return (position == null ? "" : "position " + position + ", ") + "global_index " + globalIndex + ", event "
                + eventIdentifier + ", " + (time == null ? "" : time + ", ") + type;
    }

    public Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("kind", kind.wireName());
        view.put("position", position);
        view.put("global_index", globalIndex);
        view.put("event_id", eventIdentifier);
        view.put("time", time == null ? null : time.toString());
        view.put("type", type);
        view.put("message", message);
        return view;
    }
}
