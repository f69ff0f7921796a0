package io.fluxbase.mcp.kernel.filter;

import java.util.List;

/** The items of {@code in.(a,b,"c,d")}, unquoted and unescaped; never empty. */
public record ListValue(List<String> items) implements FilterValue {

    public ListValue {
        items = List.copyOf(items);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("in-list must not be empty");
        }
    }
}
