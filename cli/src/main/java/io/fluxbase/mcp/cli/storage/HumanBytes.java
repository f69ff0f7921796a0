package io.fluxbase.mcp.cli.storage;

import java.util.Locale;

/** Byte counts for people in binary units: {@code 512 B}, {@code 1.2 KiB}, {@code 10 MiB}. */
final class HumanBytes {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private HumanBytes() {
    }

    static String of(long bytes) {
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        if (unit == 0) {
            return bytes + " B";
        }
        // Whole numbers without ".0", so a limit of 10MB reads "10 MiB" as it was typed.
        String number = value == Math.rint(value) ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.1f", value);
        return number + " " + UNITS[unit];
    }
}
