package io.fluxbase.mcp.kernel.filter;

/** The closed set of values {@code is.} accepts; rendered as SQL keywords, never as parameters. */
public enum IsValue implements FilterValue {
    NULL,
    TRUE,
    FALSE,
    UNKNOWN;

    /** The SQL keyword, e.g. {@code NULL}. */
    public String keyword() {
        return name();
    }
}
