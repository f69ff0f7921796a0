package io.fluxbase.mcp.query.readmodel;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.ListenerInvocationErrorHandler;
import org.axonframework.eventhandling.LoggingErrorHandler;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * When a projection's handler itself fails on an event (no database involved), the event is set aside and the
 * processor moves on, as a refused write is (see {@link GuardedWrites}); Axon's default only logs it. A failure
 * that involves the database is passed on: the processor then retries the batch, which is right for an outage, and
 * a refused statement outside {@link GuardedWrites} has already aborted the transaction, so nothing could be
 * written beside it anyway.
 */
final class SetAsideOnHandlerError implements ListenerInvocationErrorHandler {

    /** Axon's own default, for events that no tracking processor delivers (nothing to set aside or retry). */
    private final ListenerInvocationErrorHandler untracked = new LoggingErrorHandler();
    private final DeadLetters deadLetters;

    SetAsideOnHandlerError(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Override
    public void onError(Exception exception, EventMessage<?> event, EventMessageHandler eventHandler)
            throws Exception {
        if (!(event instanceof TrackedEventMessage<?> tracked)) {
            untracked.onError(exception, event, eventHandler);
            return;
        }
        if (StoreFailures.sqlState(exception) != null || !StoreFailures.isAboutTheRecord(exception)) {
            throw exception;
        }
        deadLetters.setAside(EventOrigin.of(processorOf(eventHandler), tracked),
                exception);
    }

    private static String processorOf(EventMessageHandler handler) {
        ProcessingGroup group = AnnotatedElementUtils.findMergedAnnotation(handler.getTargetType(),
                ProcessingGroup.class);
        return group != null ? group.value() : handler.getTargetType().getSimpleName();
    }
}
