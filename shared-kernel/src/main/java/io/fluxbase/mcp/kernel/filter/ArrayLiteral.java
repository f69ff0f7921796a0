package io.fluxbase.mcp.kernel.filter;

import java.util.Objects;

/**
 * The operand of {@code cs}, {@code cd} and {@code ov}: an array literal ({@code {a,b}}), JSON
 * ({@code [1,2]}, {@code {"k":1}}) or a range ({@code [1,5)}). Passed through as text and cast to
 * the column type by PostgreSQL, which is the only party that knows how to read it.
 */
public record ArrayLiteral(String text) implements FilterValue {

    public ArrayLiteral {
        Objects.requireNonNull(text, "text");
    }
}
