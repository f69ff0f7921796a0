package io.fluxbase.mcp.kernel.rpc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** What keeps a set of argument names from fitting one signature, worded for the caller. */
final class ArgumentCheck {

    private ArgumentCheck() {
    }

    /** True when every given name is an argument and every argument without a default is given. */
    static boolean fits(FunctionSignature function, Collection<String> given) {
        return unknown(function, given).isEmpty() && missing(function, given).isEmpty();
    }

    /**
     * @return e.g. {@code 'foo' is not an argument of public.f(a integer); remove it or use the names shown},
     *         or {@code ""} when the names fit
     */
    static String problems(FunctionSignature function, Collection<String> given) {
        List<String> unknown = unknown(function, given);
        List<FunctionArgument> missing = missing(function, given);
        List<String> parts = new ArrayList<>();
        if (!unknown.isEmpty()) {
            boolean one = unknown.size() == 1;
            parts.add(quoted(unknown) + (one ? " is not an argument of " : " are not arguments of ")
                    + function.display() + "; " + (one ? "remove it" : "remove them") + " or use the names shown");
        }
        List<FunctionArgument> named = missing.stream().filter(a -> !a.name().isEmpty()).toList();
        if (!named.isEmpty()) {
            parts.add(function.displayName() + " needs " + named.stream()
                    .map(a -> "'" + a.name() + "' (" + a.type() + ")").collect(Collectors.joining(" and "))
                    + "; add " + (named.size() == 1 ? "it" : "them") + " to params");
        }
        if (named.size() < missing.size()) {
            parts.add(function.displayName() + " has an argument without a name or default, which a call by name "
                    + "cannot pass; ask the database owner to name it");
        }
        return String.join("; ", parts);
    }

    /** {@code {a, b}}, sorted so messages do not depend on map order. */
    static String names(Collection<String> given) {
        return given.stream().sorted().collect(Collectors.joining(", ", "{", "}"));
    }

    private static List<String> unknown(FunctionSignature function, Collection<String> given) {
        return given.stream().filter(name -> function.argument(name).isEmpty()).sorted().toList();
    }

    private static List<FunctionArgument> missing(FunctionSignature function, Collection<String> given) {
        return function.arguments().stream()
                .filter(a -> !a.hasDefault() && (a.name().isEmpty() || !given.contains(a.name())))
                .toList();
    }

    private static String quoted(List<String> names) {
        return names.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", "));
    }
}
