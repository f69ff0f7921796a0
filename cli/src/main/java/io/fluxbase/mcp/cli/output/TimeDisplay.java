package io.fluxbase.mcp.cli.output;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;

/** Shows admin API times (RFC 3339) to people: in their own time zone, or relative to now. */
public final class TimeDisplay {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private TimeDisplay() {
    }

    /** {@code 2026-11-30 10:00:00} in {@code zone}; text that is not a time is shown as the server sent it. */
    public static @Nullable String local(@Nullable String rfc3339, ZoneId zone) {
        if (rfc3339 == null) {
            return null;
        }
        try {
            return LOCAL.format(Instant.parse(rfc3339).atZone(zone));
        } catch (DateTimeException e) {
            return rfc3339;
        }
    }

    /** {@code 45s ago}, {@code 5m ago}, {@code 3h ago}, {@code 12d ago}; {@code in 29d} for future times. */
    public static @Nullable String relative(@Nullable String rfc3339, Instant now) {
        if (rfc3339 == null) {
            return null;
        }
        Instant time;
        try {
            time = Instant.parse(rfc3339);
        } catch (DateTimeException e) {
            return rfc3339;
        }
        Duration distance = Duration.between(time, now);
        return distance.isNegative() ? "in " + coarse(distance.negated()) : coarse(distance) + " ago";
    }

    private static String coarse(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return duration.toMinutes() + "m";
        }
        if (seconds < 86_400) {
            return duration.toHours() + "h";
        }
        return duration.toDays() + "d";
    }
}
