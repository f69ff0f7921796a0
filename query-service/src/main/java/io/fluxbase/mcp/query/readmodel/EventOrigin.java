package io.fluxbase.mcp.query.readmodel;

import org.axonframework.eventhandling.TrackingToken;

/**
 * The event a read-model write comes from: what a dead letter needs to say which record was set aside and where to
 * find it in the command log.
 *
 * @param processor the processing group whose read model could not store it, as {@code audit-log}
 * @param position  the event's global index in the command log
 * @param eventType the event's class name without its package, as {@code CallRecordedEvent}
 */
public record EventOrigin(String processor, long position, String eventType) {

    public static EventOrigin of(String processor, TrackingToken token, Object payload) {
        long position = token.position().orElseThrow(() -> new IllegalStateException(
                "the " + processor + " processor gave a token without a position; projections need a tracking"
                        + " processor over the JDBC event store"));
        return new EventOrigin(processor, position, payload.getClass().getSimpleName());
    }
}
