package io.fluxbase.mcp.edge.admin;

import org.springframework.http.HttpStatus;

/** An admin API refusal: {@code {"error":{"code","message"}}} with a status; the CLI prints the message as is. */
final class AdminError extends RuntimeException {

    private final HttpStatus status;
    private final String code;

    AdminError(HttpStatus status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    HttpStatus status() {
        return status;
    }

    String code() {
        return code;
    }
}
