package io.fluxbase.mcp.kernel.filter;

import java.util.Objects;

/**
 * A caller-supplied argument could not be understood. The message goes straight back to an AI
 * model, so it always starts with the argument ({@code filter.status}, {@code order}, {@code select})
 * and says what to send instead.
 */
public class FilterSyntaxError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String argument;

    /**
     * @param argument the argument at fault, e.g. {@code filter.status}
     * @param detail   what is wrong and what to change; the message becomes {@code argument + ": " + detail}
     */
    public FilterSyntaxError(String argument, String detail) {
        super(Objects.requireNonNull(argument, "argument") + ": " + Objects.requireNonNull(detail, "detail"));
        this.argument = argument;
    }

    public String argument() {
        return argument;
    }
}
