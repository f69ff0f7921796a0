package io.fluxbase.mcp.kernel.admin;

/** {@code db apply} refused a script before running any of it; the message names what was refused. */
public final class AppliedSqlRefused extends IllegalArgumentException {

    public AppliedSqlRefused(String message) {
        super(message);
    }
}
