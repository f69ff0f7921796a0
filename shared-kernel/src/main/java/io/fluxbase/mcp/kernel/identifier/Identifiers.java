package io.fluxbase.mcp.kernel.identifier;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The one place identifiers are validated and quoted. Everything spliced into SQL text as a name
 * goes through {@link #quote(String)}, so quoting rules live in exactly one spot.
 */
public final class Identifiers {

    /** PostgreSQL's NAMEDATALEN - 1; longer names are silently truncated by the server, so we refuse them. */
    public static final int MAX_BYTES = 63;

    // Lower-case only: an unquoted upper-case name would be folded by PostgreSQL, so it is not "plain".
    private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_$]*");

    private Identifiers() {
    }

    /**
     * Double-quotes {@code ident}, doubling embedded quotes.
     *
     * @throws IllegalArgumentException if the identifier is empty, contains NUL or exceeds 63 bytes
     */
    public static String quote(String ident) {
        check(ident);
        return '"' + ident.replace("\"", "\"\"") + '"';
    }

    /**
     * Checks that {@code ident} can be a PostgreSQL identifier at all.
     *
     * @throws IllegalArgumentException naming the identifier when it cannot
     */
    public static void check(String ident) {
        Objects.requireNonNull(ident, "identifier");
        if (ident.isEmpty()) {
            throw new IllegalArgumentException("identifier is empty; give a non-empty name");
        }
        if (ident.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("identifier '" + ident.replace("\0", "\\0")
                    + "' contains a NUL character; remove it");
        }
        int bytes = ident.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException("identifier '" + ident + "' is " + bytes
                    + " bytes long; PostgreSQL names are at most " + MAX_BYTES + " bytes, use the real (shorter) name");
        }
    }

    /**
     * True if {@code ident} would mean the same without quotes: lower-case ASCII letters, digits,
     * {@code _} and {@code $}, not starting with a digit or {@code $}. Keywords are not checked,
     * which is fine because SQL we build always quotes; use this only for display.
     */
    public static boolean isPlain(String ident) {
        return ident.length() <= MAX_BYTES && PLAIN.matcher(ident).matches();
    }

    /** {@code ident} as a human would write it: bare if plain, otherwise quoted. For messages only. */
    public static String display(String ident) {
        return isPlain(ident) ? ident : '"' + ident.replace("\"", "\"\"") + '"';
    }
}
