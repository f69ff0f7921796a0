package io.fluxbase.mcp.kernel.filter;

/** Where NULLs sort; DEFAULT leaves it to PostgreSQL (last for ASC, first for DESC). */
public enum Nulls {
    DEFAULT,
    FIRST,
    LAST
}
