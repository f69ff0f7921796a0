package io.fluxbase.mcp.edge.tool;

import io.fluxbase.mcp.kernel.value.NumberText;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Typed access to a tool's arguments; a wrong type is an {@link IllegalArgumentException} naming the argument. */
public final class ToolArguments {

    private final Map<String, Object> values;

    public ToolArguments(Map<String, Object> values) {
        this.values = values;
    }

    public String requiredString(String name) {
        String value = optionalString(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + ": required; give a non-empty string");
        }
        return value;
    }

    public @Nullable String optionalString(String name) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException(name + ": expected a string, got " + describe(value));
        }
        return text;
    }

    public int integer(String name, int defaultValue, int min, int max) {
        Object value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        BigDecimal number = value instanceof Number given ? exact(given) : null;
        if (number == null || number.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException(name + ": expected a whole number, got " + describe(value));
        }
        // compared exactly: a long holds only the low 64 bits of 2^64 + 5, which are 5
        if (number.compareTo(BigDecimal.valueOf(min)) < 0 || number.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new IllegalArgumentException(name + ": must be between " + min + " and " + max + ", got "
                    + abbreviated(NumberText.of(number)));
        }
        return number.intValueExact();
    }

    /** The number's exact value; null for NaN, the infinities and types that are not JSON numbers. */
    private static @Nullable BigDecimal exact(Number number) {
        try {
            return new BigDecimal(NumberText.of(number));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public @Nullable Boolean optionalBoolean(String name) {
        Object value = values.get(name);
        if (value != null && !(value instanceof Boolean)) {
            throw new IllegalArgumentException(name + ": expected true or false, got " + describe(value));
        }
        return (Boolean) value;
    }

    /** A list of strings; absent means none. */
    public List<String> strings(String name) {
        Object value = values.get(name);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw new IllegalArgumentException(name + ": expected an array of strings, got " + describe(value));
        }
        return list.stream().map(String.class::cast).toList();
    }

    @SuppressWarnings("unchecked")
    public @Nullable Map<String, Object> optionalObject(String name) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(name + ": expected an object such as {\"status\": \"eq.done\"}, got "
                    + describe(value));
        }
        return (Map<String, Object>) map;
    }

    public Map<String, @Nullable Object> requiredObject(String name) {
        Map<String, Object> object = optionalObject(name);
        if (object == null || object.isEmpty()) {
            throw new IllegalArgumentException(name + ": required; give an object such as {\"status\": \"done\"}");
        }
        return object;
    }

    /**
     * A column list given as {@code ["id", "title"]} or {@code "id,title"}; {@code "*"} stands for every column.
     * Absent means none.
     */
    public List<String> columns(String name) {
        Object value = values.get(name);
        List<String> columns = new ArrayList<>();
        if (value == null) {
            return columns;
        }
        if (value instanceof String text) {
            for (String part : text.split(",")) {
                if (!part.isBlank()) {
                    columns.add(part.strip());
                }
            }
        } else if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            list.forEach(item -> columns.add((String) item));
        } else {
            throw new IllegalArgumentException(name + ": expected column names such as [\"id\", \"title\"] or"
                    + " \"*\", got " + describe(value));
        }
        return columns.contains("*") ? List.of("*") : columns;
    }

    /** One object, or an array of objects: the rows of an insert. */
    @SuppressWarnings("unchecked")
    public List<Map<String, @Nullable Object>> rows(String name) {
        Object value = values.get(name);
        if (value instanceof Map<?, ?> row) {
            return List.of((Map<String, @Nullable Object>) row);
        }
        if (value instanceof List<?> list && !list.isEmpty()) {
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof Map<?, ?>)) {
                    throw new IllegalArgumentException(name + "[" + i + "]: expected an object of column values,"
                            + " got " + (list.get(i) == null ? "null" : describe(list.get(i))));
                }
            }
            return (List<Map<String, @Nullable Object>>) (List<?>) list;
        }
        throw new IllegalArgumentException(name + ": required; give one object of column values such as"
                + " {\"title\": \"Buy milk\"}, or an array of such objects"
                + (value == null ? "" : ", got " + describe(value)));
    }

    private static String describe(Object value) {
        return abbreviated(String.valueOf(value)) + " (" + value.getClass().getSimpleName() + ")";
    }

    private static String abbreviated(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
