package io.fluxbase.mcp.kernel.vector;

/** The embedding provider could not embed (down, refused, or answered something else); says which and why. */
public class EmbeddingUnavailable extends RuntimeException {

    public EmbeddingUnavailable(String message, Throwable cause) {
        super(message, cause);
    }

    public EmbeddingUnavailable(String message) {
        super(message);
    }
}
