package io.fluxbase.mcp.kernel.vector;

import io.fluxbase.mcp.kernel.identifier.Identifiers;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The text a row is embedded by: one column ({@code --column content}) or a template over several
 * ({@code --template "{{title}}: {{body}}"}). A null column renders as empty text.
 */
public record TextTemplate(@Nullable String column, @Nullable String template, List<String> columns) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}]+?)\\s*}}");

    public TextTemplate {
        columns = List.copyOf(columns);
    }

    /** Exactly one of the two; errors name the option at fault. */
    public static TextTemplate of(@Nullable String column, @Nullable String template) {
        boolean hasColumn = column != null && !column.isBlank();
        boolean hasTemplate = template != null && !template.isBlank();
        if (hasColumn == hasTemplate) {
            throw new IllegalArgumentException("column/template: give exactly one, either a column (--column content)"
                    + " or a template over columns (--template \"{{title}}: {{body}}\")");
        }
        if (hasColumn) {
            Identifiers.check(column.trim());
            return new TextTemplate(column.trim(), null, List.of(column.trim()));
        }
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = PLACEHOLDER.matcher(template);
        while (matcher.find()) {
            Identifiers.check(matcher.group(1));
            names.add(matcher.group(1));
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("template: names no column; write columns as {{name}}, e.g."
                    + " \"{{title}}: {{body}}\"");
        }
        return new TextTemplate(null, template, new ArrayList<>(names));
    }

    /** The row's text, from its columns by name (a JSON object as PostgreSQL renders it). */
    public String render(Map<String, ?> row) {
        if (column != null) {
            return text(row.get(column));
        }
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(text(row.get(matcher.group(1)))));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String text(@Nullable Object value) {
        return value == null ? "" : value.toString();
    }
}
