package io.fluxbase.mcp.kernel.rpc;

import io.fluxbase.mcp.kernel.identifier.Identifiers;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One exposed function as the catalog describes it; the only authority on which argument names
 * may reach SQL text.
 *
 * @param arguments  input arguments in declaration order
 * @param resultType {@code format_type()}-style text for messages, e.g. {@code integer},
 *                   {@code SETOF public.tasks}, {@code TABLE(id integer, title text)}, {@code void}
 * @param returnsSet true for {@code SETOF ...} and {@code TABLE(...)}
 * @param returnsRows true when the result is a composite, table or record type: rows with columns
 */
public record FunctionSignature(String schema, String name, List<FunctionArgument> arguments, String resultType,
                                boolean returnsSet, boolean returnsRows) {

    public FunctionSignature {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(resultType, "resultType");
        Identifiers.check(schema);
        Identifiers.check(name);
        arguments = List.copyOf(arguments);
    }

    /** {@code public.add_task} for messages; parts are quoted only when they need it. */
    String displayName() {
        return Identifiers.display(schema) + "." + Identifiers.display(name);
    }

    /** {@code public.add_task(title text, due date DEFAULT)}, for messages. */
    public String display() {
        return displayName() + arguments.stream()
                .map(a -> (a.name().isEmpty() ? "" : Identifiers.display(a.name()) + " ") + a.type()
                        + (a.hasDefault() ? " DEFAULT" : ""))
                .collect(Collectors.joining(", ", "(", ")"));
    }

    /** Exact, case-sensitive lookup, matching how quoted identifiers behave; unnamed arguments never match. */
    Optional<FunctionArgument> argument(String name) {
        if (name.isEmpty()) {
            return Optional.empty();
        }
        return arguments.stream().filter(a -> a.name().equals(name)).findFirst();
    }
}
