package io.fluxbase.mcp.kernel.secret;

import java.util.List;

/** No secret of that name is set; the message names those that are. */
public class SecretNotFound extends RuntimeException {

    public SecretNotFound(String name, List<String> known) {
        super("no secret named '" + name + "' is set; " + (known.isEmpty()
                ? "none is yet (fluxbase secrets set NAME)"
                : "the secrets are " + String.join(", ", known)));
    }
}
