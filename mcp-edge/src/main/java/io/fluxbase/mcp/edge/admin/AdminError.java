package io.fluxbase.mcp.edge.admin;

import io.fluxbase.mcp.kernel.error.ErrorCode;
import org.springframework.http.HttpStatus;

/** An admin API refusal: {@code {"error":{"code","message"}}} with a status; the CLI prints the message as is. */
final class AdminError extends RuntimeException {

    private final ErrorCode code;

    AdminError(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    HttpStatus status() {
        return HttpStatus.valueOf(code.httpStatus());
    }

    String code() {
        return code.wireName();
    }
}
