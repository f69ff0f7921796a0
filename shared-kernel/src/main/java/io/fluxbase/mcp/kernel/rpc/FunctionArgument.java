package io.fluxbase.mcp.kernel.rpc;

import java.util.Objects;

/**
 * One input argument of a function as the catalog describes it.
 *
 * @param name       the argument name; callers can only pass arguments by name, so an unnamed argument
 *                   ({@code ""}) can never be given and must have a default for the function to be callable
 * @param type       PostgreSQL {@code format_type()} output, e.g. {@code integer}, {@code text[]}. Trusted:
 *                   it comes from the catalog, which is why the call builder may splice it into a cast
 * @param hasDefault true when the call may leave the argument out
 */
public record FunctionArgument(String name, String type, boolean hasDefault) {

    public FunctionArgument {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (type.isBlank()) {
            throw new IllegalArgumentException("argument '" + name + "' has a blank type");
        }
    }
}
