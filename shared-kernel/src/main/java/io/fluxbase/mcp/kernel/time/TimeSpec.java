package io.fluxbase.mcp.kernel.time;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the times people type on the command line and in admin API parameters: a relative duration ({@code 30s},
 * {@code 30m}, {@code 24h}, {@code 7d}, {@code 2w}) or an RFC 3339 time ({@code 2026-11-30T10:00:00Z}, offsets
 * allowed). Shared so the CLI and the server accept exactly the same text and word their errors the same way.
 */
public final class TimeSpec {

    public static final String SINCE_OPTION = "--since";
    public static final String EXPIRES_OPTION = "--expires";

    // At most 9 digits keeps every amount far inside Instant's range, so arithmetic never overflows.
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([smhdw])");
    private static final String RFC3339_HINT = "an RFC 3339 time such as 2026-11-30T10:00:00Z";

    private TimeSpec() {
    }

    /** The point {@code spec} describes for {@code --since}: a duration back from {@code now}, or an RFC 3339 time. */
    public static Instant pointInPast(String spec, Instant now) {
        return pointInPast(spec, now, SINCE_OPTION);
    }

    /** As {@link #pointInPast(String, Instant)}, naming {@code optionName} (e.g. {@code since}) in error messages. */
    public static Instant pointInPast(String spec, Instant now, String optionName) {
        String text = spec.trim();
        Optional<Duration> duration = durationOf(text);
        if (duration.isPresent()) {
            return now.minus(duration.get());
        }
        return rfc3339(text).orElseThrow(() -> unreadable(optionName, spec, "30m, 24h, 7d"));
    }

    /** The point {@code spec} describes for {@code --expires}: a duration after {@code now}, or a future RFC 3339 time. */
    public static Instant pointInFuture(String spec, Instant now) {
        return pointInFuture(spec, now, EXPIRES_OPTION);
    }

    /** As {@link #pointInFuture(String, Instant)}, naming {@code optionName} in error messages. */
    public static Instant pointInFuture(String spec, Instant now, String optionName) {
        String text = spec.trim();
        Optional<Duration> duration = durationOf(text);
        if (duration.isPresent()) {
            return now.plus(duration.get());
        }
        Instant time = rfc3339(text).orElseThrow(() -> unreadable(optionName, spec, "30d, 12h, 2w"));
        if (!time.isAfter(now)) {
            throw new IllegalArgumentException(optionName + ": " + text
                    + " is not in the future; use a later time or a duration such as 30d");
        }
        return time;
    }

    /** A positive duration only (no absolute time), such as {@code 2s} or {@code 5m}; e.g. a polling interval. */
    public static Duration duration(String spec, String optionName) {
        return durationOf(spec.trim()).orElseThrow(() -> new IllegalArgumentException(
                optionName + ": cannot read '" + spec + "'; use a duration such as 2s, 30s or 5m"));
    }

    private static IllegalArgumentException unreadable(String optionName, String spec, String durationExamples) {
        return new IllegalArgumentException(optionName + ": cannot read '" + spec + "'; use a duration such as "
                + durationExamples + " or " + RFC3339_HINT);
    }

    /** Zero is rejected: "since 0m" or "expires in 0d" is always a typo. */
    private static Optional<Duration> durationOf(String text) {
        Matcher matcher = DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(matcher.group(1));
        if (amount == 0) {
            return Optional.empty();
        }
        return Optional.of(switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofDays(amount * 7);
        });
    }

    /** RFC 3339 requires an offset; the RFC also allows lower-case {@code t} and {@code z}. */
    private static Optional<Instant> rfc3339(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text.toUpperCase(Locale.ROOT),
                    DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
