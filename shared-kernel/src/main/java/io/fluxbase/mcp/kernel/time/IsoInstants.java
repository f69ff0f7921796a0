package io.fluxbase.mcp.kernel.time;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * Reads an instant as {@link Instant#toString()} writes it ({@code 2026-12-05T19:47:17.046123Z}), the form of every
 * time in the command log, with the digits read directly; any other text goes to {@link Instant#parse}, with its
 * results and its errors. The projections read a time or two from every record they pass, and the formatter behind
 * {@code Instant.parse} was a tenth of the chain's work and of the audit log's.
 */
public final class IsoInstants {

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
