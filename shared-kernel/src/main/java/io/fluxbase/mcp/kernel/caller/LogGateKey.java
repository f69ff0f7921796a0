package io.fluxbase.mcp.kernel.caller;

import java.util.Objects;

/**
 * This node's key to the command log's gate functions ({@code fluxbase_gate.*}), through which a caller login's
 * transaction appends its events and reads the log. Only its digest is stored in the database; the key itself stays
 * in this node's memory and is sent only as a bound parameter, after the caller's own statement has finished, so
 * SQL a caller makes run can never learn or use it.
 */
public record LogGateKey(String value) {

    public LogGateKey {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return "LogGateKey[***]";
    }
}
