package io.fluxbase.mcp.cli.logs;

import io.fluxbase.mcp.cli.output.Csv;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads back what {@link Csv} writes: RFC 4180 fields, quoted when they must be, and without the apostrophe that keeps
 * a spreadsheet from running a field as a formula.
 */
final class CsvRows {

    private CsvRows() {
    }

    static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(Csv.unguarded(field.toString()));
                field.setLength(0);
            } else if (c == '\n') {
                row.add(Csv.unguarded(field.toString()));
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else if (c != '\r') {
                field.append(c);
            }
        }
        if (field.length() > 0 || !row.isEmpty()) {
            row.add(Csv.unguarded(field.toString()));
            rows.add(row);
        }
        return rows;
    }
}
