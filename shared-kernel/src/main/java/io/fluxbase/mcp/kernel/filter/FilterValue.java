package io.fluxbase.mcp.kernel.filter;

/** The right-hand side of a {@link Condition}; which kind is fixed by the {@link Operator}. */
public sealed interface FilterValue permits Scalar, ListValue, IsValue, ArrayLiteral {
}
