package io.fluxbase.mcp.edge.tool;

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
        if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
            throw new IllegalArgumentException(name + ": expected a whole number, got " + describe(value));
        }
        long whole = number.longValue();
        if (whole < min || whole > max) {
            throw new IllegalArgumentException(name + ": must be between " + min + " and " + max + ", got " + whole);
        }
        return (int) whole;
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

    private static String describe(Object value) {
        String text = String.valueOf(value);
        return (text.length() > 40 ? text.substring(0, 40) + "…" : text) + " (" + value.getClass().getSimpleName() + ")";
    }
}
