package io.fluxbase.mcp.query.readmodel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code fluxbase.dead_letter}: the events a projection could not store, set aside so that it moves on to the next.
 * Written in the processor's transaction, so a set-aside event and the token that passes it commit together.
 */
@Component
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final JdbcTemplate jdbc;

    DeadLetters(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void setAside(EventOrigin origin, Throwable failure) {
        String error = StorableText.text(StoreFailures.describe(failure));
        log.warn("projection {} set aside event {} ({}) that it cannot store: {}", origin.processor(),
                origin.eventId(), origin.eventType(), error);
        jdbc.update("""
                INSERT INTO fluxbase.dead_letter (processor, global_index, event_type, error)
                VALUES (?, %s, ?, ?)
                ON CONFLICT (processor, global_index) DO NOTHING""".formatted(EventOrigin.GLOBAL_INDEX),
                origin.processor(), origin.eventId(), StorableText.name(origin.eventType()), error);
    }

    /** On a processor's reset: its events are read again from the start, and set aside again if they still fail. */
    public void forget(String processor) {
        jdbc.update("DELETE FROM fluxbase.dead_letter WHERE processor = ?", processor);
    }
}
