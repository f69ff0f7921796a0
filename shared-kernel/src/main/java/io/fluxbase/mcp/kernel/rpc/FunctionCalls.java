package io.fluxbase.mcp.kernel.rpc;

import io.fluxbase.mcp.kernel.error.InvalidArgument;
import io.fluxbase.mcp.kernel.identifier.Identifiers;
import io.fluxbase.mcp.kernel.sql.BoundSql;
import io.fluxbase.mcp.kernel.sql.CastTypes;
import io.fluxbase.mcp.kernel.sql.ColumnValues;
import io.fluxbase.mcp.kernel.sql.ValueCast;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Picks the overload an {@code invoke_rpc} caller means and builds the call. Arguments are always
 * passed by name ({@code "a" => CAST($1 AS integer)}), so a caller never depends on argument order,
 * and a name reaches SQL text only after it was found among the signature's own argument names.
 */
public final class FunctionCalls {

    private FunctionCalls() {
    }

    /**
     * @param overloads every exposed function called {@code name}
     * @param given     the argument names in the caller's {@code params}
     * @return the one overload that accepts exactly these names (others left to their defaults)
     * @throws IllegalArgumentException naming {@code name} when nothing is exposed, else {@code params}
     *                                  when no overload or more than one fits
     */
    public static FunctionSignature resolve(List<FunctionSignature> overloads, String name, Set<String> given) {
        if (overloads.isEmpty()) {
            throw new InvalidArgument("name", "no function '" + name
                    + "' is exposed; read rpc://list for the functions you can call");
        }
        List<FunctionSignature> fits = overloads.stream().filter(f -> ArgumentCheck.fits(f, given)).toList();
        if (fits.size() == 1) {
            return fits.get(0);
        }
        if (fits.isEmpty() && overloads.size() == 1) {
            throw new InvalidArgument("params", ArgumentCheck.problems(overloads.get(0), given));
        }
        if (fits.isEmpty()) {
            List<String> unknown = given.stream().sorted()
                    .filter(argumentName -> overloads.stream().allMatch(f -> f.arguments().stream()
                            .noneMatch(argument -> argument.name().equals(argumentName))))
                    .map(argumentName -> "'" + argumentName + "'").toList();
            throw new InvalidArgument("params", "no version of " + overloads.get(0).displayName()
                    + " accepts " + ArgumentCheck.names(given)
                    + (unknown.isEmpty() ? "" : " (none has " + String.join(", ", unknown) + ")")
                    + "; its versions are " + overloads.stream()
                    .map(FunctionSignature::display).collect(Collectors.joining(" or "))
                    + "; give the arguments of one of them, leaving out only those marked DEFAULT");
        }
        throw new InvalidArgument("params", "ambiguous call: " + fits.stream().map(FunctionSignature::display)
                .collect(Collectors.joining(" and ")) + (fits.size() == 2 ? " both" : " all") + " accept "
                + ArgumentCheck.names(given) + "; " + tellApart(fits));
    }

    /**
     * @param params argument name to JSON value; arguments left out take their defaults
     * @return one text column per result row: the row as a JSON object for functions returning rows,
     *         the value as JSON otherwise, NULL for void functions
     * @throws IllegalArgumentException naming {@code params} for unknown or missing arguments, or
     *                                  {@code params.<name>} for a value that cannot fit its type
     */
    public static BoundSql call(FunctionSignature function, Map<String, @Nullable Object> params) {
        String problems = ArgumentCheck.problems(function, params.keySet());
        if (!problems.isEmpty()) {
            throw new InvalidArgument("params", problems);
        }
        List<Object> parameters = new ArrayList<>();
        List<ValueCast> casts = new ArrayList<>();
        List<String> arguments = new ArrayList<>();
        for (FunctionArgument argument : function.arguments()) {
            if (argument.name().isEmpty() || !params.containsKey(argument.name())) {
                continue;
            }
            String value = ColumnValues.argumentParameter("params." + argument.name(), argument.name(),
                    argument.type(), params.get(argument.name()));
            String expression;
            if (value == null) {
                expression = ColumnValues.typedNull(argument.type());
            } else {
                parameters.add(value);
                casts.add(new ValueCast(parameters.size() - 1, "params." + argument.name(),
                        CastTypes.castType(argument.type())));
                expression = ColumnValues.placeholder(parameters.size(), argument.type());
            }
            arguments.add(Identifiers.quote(argument.name()) + " => " + expression);
        }
        String call = Identifiers.quote(function.schema()) + "." + Identifiers.quote(function.name())
                + "(" + String.join(", ", arguments) + ")";
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
        return new BoundSql(sql, parameters, casts);
    }

    // Names some fitting overloads have and others lack: giving one of them leaves a single fit.
    private static String tellApart(List<FunctionSignature> fits) {
        Set<String> distinguishing = new LinkedHashSet<>();
        for (FunctionSignature fit : fits) {
            for (FunctionArgument argument : fit.arguments()) {
                if (!argument.name().isEmpty()
                        && !fits.stream().allMatch(other -> other.argument(argument.name()).isPresent())) {
                    distinguishing.add(argument.name());
                }
            }
        }
        if (distinguishing.isEmpty()) {
            return "they differ only in argument types, which a call by name cannot tell apart; "
                    + "ask the database owner to rename or drop one of them";
        }
        return "also name an argument that tells them apart: " + distinguishing.stream()
                .map(n -> "'" + n + "'").collect(Collectors.joining(" or "));
    }
}
