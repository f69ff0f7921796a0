package io.fluxbase.mcp.cli.output;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** How a command prints its result: {@code table} for people, {@code json} and {@code csv} for scripts. */
public enum OutputFormat {
    TABLE,
    JSON,
    CSV;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OutputFormat parse(String text) {
        for (OutputFormat format : values()) {
            if (format.wireName().equalsIgnoreCase(text.trim())) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown output format '" + text + "'; use table, json or csv");
    }

    /** Lets picocli show and accept the lower-case names people type. */
    public static final class Converter implements ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** Completion candidates, also used for {@code ${COMPLETION-CANDIDATES}} in help text. */
    public static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(values()).map(OutputFormat::wireName).iterator();
        }
    }
}
