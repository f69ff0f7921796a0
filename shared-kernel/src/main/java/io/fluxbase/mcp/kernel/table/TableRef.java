package io.fluxbase.mcp.kernel.table;

import io.fluxbase.mcp.kernel.identifier.Identifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A schema-qualified table name as the caller gave it. Names are kept exactly (no case folding):
 * they are looked up in the catalog and always quoted, never interpreted as SQL.
 */
public record TableRef(String schema, String name) {

    public static final String DEFAULT_SCHEMA = "public";

    public TableRef {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        Identifiers.check(schema);
        Identifiers.check(name);
    }

    /**
     * Parses {@code tasks} (schema {@code public}), {@code public.tasks}, or double-quoted parts
     * such as {@code "My Schema"."My.Table"} for names that contain dots.
     *
     * @throws IllegalArgumentException with a message starting {@code table:} saying what to write instead
     */
    public static TableRef parse(String text) {
        Objects.requireNonNull(text, "text");
        List<String> parts = split(text.strip());
        try {
            return switch (parts.size()) {
                case 1 -> new TableRef(DEFAULT_SCHEMA, parts.get(0));
                case 2 -> new TableRef(parts.get(0), parts.get(1));
                default -> throw new IllegalArgumentException("'" + text
                        + "' has too many dot-separated parts; use 'table' or 'schema.table'");
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("table: " + e.getMessage(), e);
        }
    }

    /** {@code "schema"."name"}, ready to splice into SQL. */
    public String qualified() {
        return Identifiers.quote(schema) + "." + Identifiers.quote(name);
    }

    /** {@code public.tasks} for messages; parts are quoted only when they need it. */
    public String displayName() {
        return Identifiers.display(schema) + "." + Identifiers.display(name);
    }

    // Splits on dots outside double quotes; "" inside quotes is a literal quote, as in SQL.
    private static List<String> split(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("table: table name is empty; use 'tasks' or 'public.tasks'");
        }
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (true) {
            StringBuilder part = new StringBuilder();
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++; // allow "public. tasks"
            }
            boolean quoted = i < text.length() && text.charAt(i) == '"';
            if (quoted) {
                i++;
                while (true) {
                    if (i >= text.length()) {
                        throw new IllegalArgumentException("table: unbalanced double quote in '" + text
                                + "'; close every quoted name, e.g. '\"My Schema\".tasks'");
                    }
                    char c = text.charAt(i++);
                    if (c == '"') {
                        if (i < text.length() && text.charAt(i) == '"') {
                            part.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        part.append(c);
                    }
                }
                while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
                if (i < text.length() && text.charAt(i) != '.') {
                    throw new IllegalArgumentException("table: unexpected text after quoted name in '" + text
                            + "'; use 'table' or 'schema.table'");
                }
            } else {
                while (i < text.length() && text.charAt(i) != '.') {
                    char c = text.charAt(i++);
                    if (c == '"') {
                        throw new IllegalArgumentException("table: stray double quote in '" + text
                                + "'; quote whole names only, e.g. '\"My Table\"'");
                    }
                    part.append(c);
                }
                if (part.toString().isBlank()) {
                    throw new IllegalArgumentException("table: empty name part in '" + text
                            + "'; use 'table' or 'schema.table'");
                }
            }
            parts.add(quoted ? part.toString() : part.toString().strip());
            if (i >= text.length()) {
                return parts;
            }
            i++; // skip the dot
            if (i >= text.length()) {
                throw new IllegalArgumentException("table: '" + text + "' ends with a dot; use 'table' or 'schema.table'");
            }
        }
    }
}
