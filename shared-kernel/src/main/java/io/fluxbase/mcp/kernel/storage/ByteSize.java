package io.fluxbase.mcp.kernel.storage;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as people write them: {@code 512}, {@code 64KB}, {@code 10MB}, {@code 1GB} (binary multiples: 1KB = 1024). */
public final class ByteSize {

    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(B|KB|KIB|K|MB|MIB|M|GB|GIB|G)?");

    private ByteSize() {
    }

    public static long parse(String text, String argument) {
        Matcher matcher = SIZE.matcher(text.strip().toUpperCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException(argument + ": '" + Printable.of(text) + "' is not a size; write e.g."
                    + " 10MB, 512KB or 1048576");
        }
        long number = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "B" : matcher.group(2);
        long size = number << switch (unit.charAt(0)) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            default -> 0;
        };
        if (size <= 0) {
            throw new IllegalArgumentException(argument + ": must be larger than 0, got '" + text + "'");
        }
        return size;
    }

    /** e.g. 10485760 → "10 MiB (10485760 bytes)"; sizes that are not whole units stay in bytes. */
    public static String describe(long bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB"};
        long value = bytes;
        int unit = 0;
        while (value >= 1024 && value % 1024 == 0 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " bytes" : value + " " + units[unit] + " (" + bytes + " bytes)";
    }
}
