package io.fluxbase.mcp.cli.connection;

import io.fluxbase.mcp.cli.execution.CliException;
import org.jspecify.annotations.Nullable;

/** The server refused a request; the message is the server's own, shown to the user verbatim. */
public final class AdminApiException extends CliException {

    private final int status;
    private final @Nullable String code;

    public AdminApiException(int status, @Nullable String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    /** The server's machine-readable {@code error.code}, when it sent one. */
    public @Nullable String code() {
        return code;
    }
}
