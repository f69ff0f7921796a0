package io.fluxbase.mcp.config;

import io.fluxbase.mcp.kernel.time.IsoInstants;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;

/**
 * The JDBC event store, read at a steady pace while the log is busy. Axon's tailing reader fetches again as soon as a
 * fetch returns, and every commit wakes it, so under load it reads the log a handful of events at a time, each read a
 * transaction and a few round trips (plus a second query whenever a read comes back empty). Here a read that returned
 * less than a full batch is followed by the next one only after {@code pace}: the reader then takes everything
 * committed in that interval at once, and the projections get batches instead of single events. Projections lag by
 * at most {@code pace} more; catching up (full batches) is not slowed.
 */
class PacedJdbcEventStorageEngine extends JdbcEventStorageEngine {

    /** When the reading thread's last fetch came back short; each reader (tailing or private stream) has its own. */
    private final ThreadLocal<long[]> lastShortFetch = ThreadLocal.withInitial(() -> new long[] {Long.MIN_VALUE});
    private final long paceNanos;

    PacedJdbcEventStorageEngine(Builder builder, Duration pace) {
        super(builder);
        this.paceNanos = pace.toNanos();
    }

    @Override
    protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
        long[] last = lastShortFetch.get();
        if (last[0] != Long.MIN_VALUE) {
            long due = last[0] + paceNanos;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait); // may return early; an interrupt (shutdown) ends the wait
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
            }
        }
        List<? extends TrackedEventData<?>> events = super.fetchTrackedEvents(lastToken, batchSize);
        last[0] = events.size() < batchSize ? System.nanoTime() : Long.MIN_VALUE;
        return events;
    }

    /** Axon's own form of an event's time stamp, written without its formatter (see {@link IsoInstants}). */
    @Override
    protected void writeTimestamp(PreparedStatement statement, int position, Instant timestamp) throws SQLException {
        statement.setString(position, IsoInstants.formatMillis(timestamp));
    }
}
