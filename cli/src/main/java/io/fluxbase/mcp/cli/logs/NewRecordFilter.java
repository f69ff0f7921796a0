package io.fluxbase.mcp.cli.logs;

import io.fluxbase.mcp.cli.json.CliJson;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Picks out the records a poll has not seen yet. Each poll asks for everything since the newest record seen minus
 * {@link #OVERLAP}, so a record written a little after its own timestamp is still caught; the overlap re-delivers
 * records, which their call id filters out. Only ids inside the overlap window are remembered, so memory stays small.
 * Records older than the backlog shown at the start were deliberately left out and stay out.
 */
final class NewRecordFilter {

    static final Duration OVERLAP = Duration.ofMinutes(1);
    private static final List<String> IDENTITY_FALLBACK =
            List.of("time", "category", "session_id", "key_id", "method", "target", "outcome");

    private final Map<String, Instant> seen = new HashMap<>();
    private @Nullable Instant newest;
    private @Nullable Instant floor;

    /** The first answer: shown in full, and its oldest record marks where showing starts. */
    List<JsonNode> backlog(List<JsonNode> newestFirst) {
        List<JsonNode> fresh = unseen(newestFirst);
        if (!fresh.isEmpty()) {
            floor = timeOf(fresh.getFirst());
        }
        return fresh;
    }

    /** The records not seen before, oldest first (the server answers newest first). */
    List<JsonNode> unseen(List<JsonNode> newestFirst) {
        List<JsonNode> fresh = new ArrayList<>();
        for (JsonNode record : newestFirst.reversed()) {
            Instant time = timeOf(record);
            boolean beforeBacklog = time != null && floor != null && !time.isAfter(floor);
            boolean firstSighting = seen.putIfAbsent(identity(record), time == null ? Instant.MAX : time) == null;
            if (firstSighting && !beforeBacklog) {
                fresh.add(record);
            }
            if (time != null && (newest == null || time.isAfter(newest))) {
                newest = time;
            }
        }
        if (newest != null) {
            Instant horizon = newest.minus(OVERLAP);
            seen.values().removeIf(time -> time.isBefore(horizon));
        }
        return fresh;
    }

    /** Where the next poll starts; empty until a record with a readable time has been seen. */
    Optional<Instant> nextSince() {
        return Optional.ofNullable(newest).map(time -> time.minus(OVERLAP));
    }

    int remembered() {
        return seen.size();
    }

    /** The call id; records without one (possible for auth records) are identified by what they say. */
    private static String identity(JsonNode record) {
        String callId = CliJson.text(record, "call_id");
        if (callId != null) {
            return callId;
        }
        return IDENTITY_FALLBACK.stream().map(field -> String.valueOf(CliJson.text(record, field)))
                .collect(Collectors.joining("|", "~", ""));
    }

    private static @Nullable Instant timeOf(JsonNode record) {
        String time = CliJson.text(record, "time");
        if (time == null) {
            return null;
        }
        try {
            return Instant.parse(time);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
