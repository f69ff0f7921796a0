package io.fluxbase.mcp.kernel.rpc;

import io.fluxbase.mcp.kernel.sql.BoundSql;
import io.fluxbase.mcp.kernel.sql.CastTypes;
import io.fluxbase.mcp.kernel.sql.ColumnValues;
import io.fluxbase.mcp.kernel.sql.Identifiers;
import io.fluxbase.mcp.kernel.table.ColumnShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * invoke_rpc's two steps: pick the one overload whose argument names fit the call, and build its named-argument
 * call. Names reach SQL only after they matched the catalogue's; values are bound parameters.
 */
public final class FunctionCalls {

    private FunctionCalls() {
    }

    /**
     * @param overloads every exposed function called {@code name} that the caller may execute
     * @throws IllegalArgumentException naming {@code name} or {@code params} and what to change
     */
    public static FunctionSignature resolve(List<FunctionSignature> overloads, String name, Set<String> given) {
        if (overloads.isEmpty()) {
            throw new IllegalArgumentException("name: no function '" + name + "' is exposed; read rpc://list for"
                    + " the functions you can call");
        }
        List<FunctionSignature> fits = overloads.stream().filter(f -> fits(f, given)).toList();
        if (fits.size() == 1) {
            return fits.get(0);
        }
        if (fits.size() > 1) {
            throw new IllegalArgumentException("params: ambiguous call: " + fits.stream()
                    .map(FunctionSignature::display).collect(Collectors.joining(" and ")) + " all accept "
                    + names(given) + "; name the arguments that tell them apart");
        }
        if (overloads.size() == 1) {
            throw new IllegalArgumentException("params: " + mismatch(overloads.get(0), given));
        }
        Set<String> known = overloads.stream().flatMap(f -> f.arguments().stream()).map(FunctionArgument::name)
                .collect(Collectors.toSet());
        List<String> unknown = given.stream().filter(n -> !known.contains(n)).sorted().map(n -> "'" + n + "'")
                .toList();
        throw new IllegalArgumentException("params: no overload of " + name + " takes " + names(given)
                + (unknown.isEmpty() ? "" : " (no overload has " + String.join(", ", unknown) + ")")
                + "; its signatures are " + overloads.stream().map(FunctionSignature::display)
                .collect(Collectors.joining(", ")));
    }

    /** {@code SELECT ... FROM "s"."f"("a" => CAST($1 AS integer))}, one JSON text per result row. */
    public static BoundSql call(FunctionSignature function, Map<String, @Nullable Object> params) {
        List<Object> parameters = new ArrayList<>();
        List<String> named = new ArrayList<>();
        for (FunctionArgument argument : function.arguments()) {
            if (!params.containsKey(argument.name())) {
                continue;
            }
            String text = ColumnValues.parameter("params." + argument.name(), argument.name(), argument.type(),
                    params.get(argument.name()));
            String value = "NULL";
            if (text != null) {
                parameters.add(text);
                value = "CAST($" + parameters.size() + " AS "
                        + CastTypes.castType(new ColumnShape(argument.name(), argument.type(), true, false)) + ")";
            }
            named.add(Identifiers.quote(argument.name()) + " => " + value);
        }
        String call = Identifiers.quote(function.schema()) + "." + Identifiers.quote(function.name())
                + "(" + String.join(", ", named) + ")";
        String sql;
        if (function.returnsRows()) {
            sql = "SELECT row_to_json(_r)::text FROM " + call + " AS _r";
        } else if (function.resultType().equals("void")) {
            sql = "SELECT NULL::text FROM " + call + " AS _v";
        } else if (function.returnsSet()) {
            sql = "SELECT to_jsonb(_v)::text FROM " + call + " AS _v";
        } else {
            sql = "SELECT to_jsonb(" + call + ")::text";
        }
        return new BoundSql(sql, parameters);
    }

    private static boolean fits(FunctionSignature function, Set<String> given) {
        Set<String> names = function.arguments().stream().map(FunctionArgument::name).collect(Collectors.toSet());
        return names.containsAll(given) && function.arguments().stream()
                .allMatch(argument -> argument.hasDefault() || given.contains(argument.name()));
    }

    private static String mismatch(FunctionSignature function, Set<String> given) {
        Set<String> names = function.arguments().stream().map(FunctionArgument::name).collect(Collectors.toSet());
        List<String> unknown = given.stream().filter(name -> !names.contains(name)).sorted().toList();
        if (!unknown.isEmpty()) {
            return unknown.stream().map(name -> "'" + name + "'").collect(Collectors.joining(", "))
                    + (unknown.size() == 1 ? " is not an argument of " : " are not arguments of ")
                    + function.display();
        }
        List<String> missing = function.arguments().stream()
                .filter(argument -> !argument.hasDefault() && !given.contains(argument.name()))
                .map(argument -> "'" + argument.name() + "' (" + argument.type() + ")").toList();
        return function.schema() + "." + function.name() + " needs " + String.join(", ", missing);
    }

    private static String names(Set<String> given) {
        return given.isEmpty() ? "no arguments" : given.stream().sorted().collect(Collectors.joining(", ", "{", "}"));
    }
}
