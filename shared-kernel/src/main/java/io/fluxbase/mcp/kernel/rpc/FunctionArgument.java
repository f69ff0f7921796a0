package io.fluxbase.mcp.kernel.rpc;

import java.util.Objects;

/** One input argument of a function, as the catalogue describes it ({@code type} is format_type() text). */
public record FunctionArgument(String name, String type, boolean hasDefault) {

    public FunctionArgument {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    String display() {
        return (name.isEmpty() ? "" : name + " ") + type + (hasDefault ? " DEFAULT" : "");
    }
}
