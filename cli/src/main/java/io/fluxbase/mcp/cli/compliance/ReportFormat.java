package io.fluxbase.mcp.cli.compliance;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The report's file formats; without {@code --format}, the output file's extension picks one. */
enum ReportFormat {
    HTML, MD, JSON;

    static ReportFormat of(@Nullable String format, String output) {
        String name = format != null ? format : extension(output);
        for (ReportFormat candidate : values()) {
            if (candidate.name().equalsIgnoreCase(name.strip())
                    || (candidate == HTML && name.equalsIgnoreCase("htm"))
                    || (candidate == MD && name.equalsIgnoreCase("markdown"))) {
                return candidate;
            }
        }
        throw new IllegalArgumentException(format != null
                ? "--format: unknown format '" + format + "'; use html, md or json"
                : "--format: cannot tell the format from '" + output + "'; give --format html, md or json");
    }

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static String extension(String output) {
        int dot = output.lastIndexOf('.');
        return dot < 0 ? "" : output.substring(dot + 1);
    }
}
