package io.fluxbase.mcp.cli.json;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CLI's JSON settings: snake_case names to match the admin API, and tolerance for fields a newer server adds.
 */
public final class CliJson {

    public static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    // Laid out like jq prints it ("name": value, one array element per line, \n everywhere) rather than Jackson's
    // default ("name" : value, arrays on one line, the platform's line separator), so output is the same everywhere.
    private static final DefaultIndenter INDENT = new DefaultIndenter("  ", "\n");
    private static final ObjectWriter PRETTY = MAPPER.writer().with(new DefaultPrettyPrinter(
            Separators.createDefaultInstance()
                    .withObjectNameValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withObjectIndenter(INDENT)
            .withArrayIndenter(INDENT));

    private CliJson() {
    }

    public static String pretty(JsonNode node) {
        return PRETTY.writeValueAsString(node);
    }

    public static String compact(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    /**
     * A field as plain text for tables and CSV: strings as they are, arrays joined with commas, other values as
     * JSON; null when the field is missing or JSON null.
     */
    public static @Nullable String text(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isString()) {
            return value.stringValue();
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : value) {
                items.add(item.isString() ? item.stringValue() : compact(item));
            }
            return String.join(",", items);
        }
        return compact(value);
    }

    /** The elements of the array under {@code field}; empty when it is missing. */
    public static List<JsonNode> elements(JsonNode object, String field) {
        List<JsonNode> elements = new ArrayList<>();
        JsonNode array = object.get(field);
        if (array != null && array.isArray()) {
            array.forEach(elements::add);
        }
        return elements;
    }
}
