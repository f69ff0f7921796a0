package io.fluxbase.mcp.kernel.time;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import org.axonframework.common.DateTimeUtils;
import org.jspecify.annotations.Nullable;

/**
 * Reads an instant as {@link Instant#toString()} writes it ({@code 2026-12-05T19:47:17.046123Z}), the form of every
 * time in the command log, with the digits read directly; any other text goes to {@link Instant#parse}, with its
 * results and its errors. The projections read a time or two from every record they pass, and the formatter behind
 * {@code Instant.parse} was a tenth of the chain's work and of the audit log's.
 *
 * <p>It also writes the two forms the log stores, digit by digit, as the formatters would: a record's times as
 * {@code Instant.toString()} ({@link #format}), an event's time stamp to the millisecond ({@link #formatMillis}), where
 * the formatters were a tenth of the command log writer's work.
 */
public final class IsoInstants {

    private static final long YEAR_0 = LocalDate.of(0, 1, 1).toEpochDay() * 86_400;
    private static final long YEAR_10000 = LocalDate.of(10_000, 1, 1).toEpochDay() * 86_400;

    private IsoInstants() {
    }

    /** The instant {@code text} names; throws as {@link Instant#parse} does for text it cannot read. */
    public static Instant parse(CharSequence text) {
        Instant read = canonical(text);
        return read != null ? read : Instant.parse(text);
    }

    /**
     * The instant in {@code text} when it has the form {@code Instant.toString()} writes,
     * {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} with a four-digit year and 1 to 9 fraction digits; else null, for the
     * caller's own reading of other forms.
     */
    public static @Nullable Instant canonical(CharSequence text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-'
                || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59) {
            return null; // a leap second, say: Instant.parse decides
        }
        int nanos = 0;
        if (length > 20) {
            int fraction = length - 21;
            if (text.charAt(19) != '.' || fraction < 1) {
                return null;
            }
            nanos = digits(text, 20, fraction);
            if (nanos < 0) {
                return null;
            }
            for (int i = fraction; i < 9; i++) {
                nanos *= 10;
            }
        }
        long days;
        try {
            days = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The text {@link Instant#toString()} gives: the fraction in groups of three digits, none when it is zero. */
    public static String format(Instant instant) {
        int nanos = instant.getNano();
        int fraction = nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
        String written = written(instant, fraction);
        return written != null ? written : instant.toString();
    }

    /**
     * The text Axon's {@link DateTimeUtils#formatInstant} gives, the form of the log's {@code time_stamp} column:
     * always three fraction digits, the nanoseconds beyond cut off.
     */
    public static String formatMillis(Instant instant) {
        String written = written(instant, 3);
        return written != null ? written : DateTimeUtils.formatInstant(instant);
    }

    /** Years 0 to 9999 only (four digits, no sign); null for others, which the formatters write. */
    private static @Nullable String written(Instant instant, int fractionDigits) {
        long seconds = instant.getEpochSecond();
        if (seconds < YEAR_0 || seconds >= YEAR_10000) {
            return null;
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        byte[] text = new byte[fractionDigits == 0 ? 20 : 21 + fractionDigits];
        put(text, 0, date.getYear(), 4);
        text[4] = '-';
        put(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        put(text, 8, date.getDayOfMonth(), 2);
        text[10] = 'T';
        put(text, 11, secondOfDay / 3_600, 2);
        text[13] = ':';
        put(text, 14, secondOfDay / 60 % 60, 2);
        text[16] = ':';
        put(text, 17, secondOfDay % 60, 2);
        if (fractionDigits > 0) {
            text[19] = '.';
            int fraction = instant.getNano();
            for (int i = fractionDigits; i < 9; i++) {
                fraction /= 10;
            }
            put(text, 20, fraction, fractionDigits);
        }
        text[text.length - 1] = 'Z';
        return new String(text, StandardCharsets.ISO_8859_1);
    }

    /** {@code value} as {@code count} decimal digits, zero-padded, at {@code from}. */
    private static void put(byte[] text, int from, int value, int count) {
        for (int i = from + count - 1; i >= from; i--) {
            text[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    /** The number the {@code count} ASCII digits at {@code from} make, or -1 when one is not a digit. */
    private static int digits(CharSequence text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
