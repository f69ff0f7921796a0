package io.fluxbase.mcp.kernel.filter;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** PostgREST filter operators, with their wire names ({@code eq} in {@code eq.5}). */
public enum Operator {
    EQ("eq"),
    NEQ("neq"),
    GT("gt"),
    GTE("gte"),
    LT("lt"),
    LTE("lte"),
    LIKE("like"),
    ILIKE("ilike"),
    IN("in"),
    IS("is"),
    CS("cs"),
    CD("cd"),
    OV("ov");

    /** {@code eq, neq, ...} in declaration order, for error messages. */
    public static final String WIRE_NAMES = Arrays.stream(values()).map(Operator::wireName)
            .collect(Collectors.joining(", "));

    private final String wireName;

    Operator(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Case-insensitive: {@code EQ.5} is an obvious intent, rejecting it would only cost a round trip. */
    public static Optional<Operator> fromWire(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (Operator op : values()) {
            if (op.wireName.equals(lower)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }
}
