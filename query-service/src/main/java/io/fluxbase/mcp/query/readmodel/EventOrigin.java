package io.fluxbase.mcp.query.readmodel;

import org.axonframework.eventhandling.EventMessage;

/**
 * The event a read-model write comes from: what a dead letter needs to say which record was set aside and where to
 * find it in the command log.
 *
 * <p>The event's global index is looked up by its identifier ({@link #GLOBAL_INDEX}) rather than taken from the
 * processor's token: an event committed after later ones is delivered from a gap, with a token whose position is the
 * highest index seen so far, not its own, and rows keyed by that position would collide and be dropped.
 *
 * @param processor the processing group whose read model could not store it, as {@code audit-log}
 * @param eventId   the event's identifier in the command log
 * @param eventType the event's class name without its package, as {@code CallRecordedEvent}
 */
public record EventOrigin(String processor, String eventId, String eventType) {

    /** SQL for the event's global index in the command log; its one parameter is {@link #eventId()}. */
    public static final String GLOBAL_INDEX =
            "(SELECT global_index FROM fluxbase.domain_event_entry WHERE event_identifier = ?)";

    public static EventOrigin of(String processor, EventMessage<?> event) {
        return new EventOrigin(processor, event.getIdentifier(), event.getPayloadType().getSimpleName());
    }
}
