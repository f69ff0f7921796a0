package io.fluxbase.mcp.kernel.data;

import io.fluxbase.mcp.kernel.audit.CallOutcome;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import io.fluxbase.mcp.kernel.table.TableRef;

/**
 * A data-plane call refused for a reason the caller can fix (unknown table or column, a value of the wrong type,
 * missing privilege, a row-level security policy). {@code argument} names the tool argument at fault.
 */
public class DataAccessRefusal extends RuntimeException {

    private final ErrorCode code;
    private final String argument;

    public DataAccessRefusal(ErrorCode code, String argument, String message) {
        super(message);
        this.code = code;
        this.argument = argument;
    }

    /**
     * The one answer, for every tool and resource, about a table that is missing or hidden from the key's role: the
     * two are not told apart, so a key cannot probe for tables its role may not see.
     */
    public static DataAccessRefusal unknownTable(TableRef table) {
        return new DataAccessRefusal(ErrorCode.UNKNOWN_TABLE, "table", "table: '" + table.name()
                + "' does not exist in schema '" + table.schema() + "' or this key's role may not use it; read the"
                + " schema://tables resource for the tables this key can use");
    }

    /** The one answer about a bucket that does not exist, naming those that do. */
    public static DataAccessRefusal unknownBucket(String bucket, java.util.List<String> buckets) {
        return new DataAccessRefusal(ErrorCode.UNKNOWN_BUCKET, "bucket", "bucket: there is no bucket '" + bucket
                + "'; " + (buckets.isEmpty() ? "there are no buckets yet (fluxbase storage buckets create NAME)"
                        : "buckets are " + String.join(", ", buckets)));
    }

    /** The code as records and answers carry it. */
    public String code() {
        return code.wireName();
    }

    public ErrorCode errorCode() {
        return code;
    }

    public String argument() {
        return argument;
    }

    /** How the call's record counts it: a refusal by privilege or policy is a denial, anything else an error. */
    public CallOutcome outcome() {
        return code.outcome();
    }
}
