package io.fluxbase.mcp.kernel.rpc;

import java.util.List;

/** Test fixtures: function signatures as the catalog reader would build them. */
final class Functions {

    private Functions() {
    }

    static FunctionArgument arg(String name, String type) {
        return new FunctionArgument(name, type, false);
    }

    static FunctionArgument optional(String name, String type) {
        return new FunctionArgument(name, type, true);
    }

    static FunctionSignature scalar(String name, String resultType, FunctionArgument... arguments) {
        return new FunctionSignature("public", name, List.of(arguments), resultType, false, false);
    }

    static FunctionSignature setOf(String name, String resultType, boolean rows, FunctionArgument... arguments) {
        return new FunctionSignature("public", name, List.of(arguments), resultType, true, rows);
    }
}
