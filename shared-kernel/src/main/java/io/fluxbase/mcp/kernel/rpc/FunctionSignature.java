package io.fluxbase.mcp.kernel.rpc;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A callable function from the catalogue: its input arguments in order, and what it returns. {@code returnsRows}
 * means rows with columns (a table row type, {@code TABLE(...)}, OUT parameters); {@code returnsSet} means several.
 */
public record FunctionSignature(String schema, String name, List<FunctionArgument> arguments, String resultType,
        boolean returnsSet, boolean returnsRows) {

    public FunctionSignature {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        arguments = List.copyOf(arguments);
    }

    /** As a person would read it: {@code public.add_task(title text, due date DEFAULT)}. */
    public String display() {
        return schema + "." + name + arguments.stream().map(FunctionArgument::display)
                .collect(Collectors.joining(", ", "(", ")"));
    }
}
