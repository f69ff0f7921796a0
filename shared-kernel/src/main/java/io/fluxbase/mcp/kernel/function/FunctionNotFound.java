package io.fluxbase.mcp.kernel.function;

import java.util.List;

/** No function of that name is deployed; the message names those that are. */
public class FunctionNotFound extends RuntimeException {

    public FunctionNotFound(String name, List<String> deployed) {
        super("no function named '" + name + "' is deployed; " + (deployed.isEmpty()
                ? "none is yet (fluxbase functions deploy NAME --file index.js)"
                : "deployed functions are " + String.join(", ", deployed)));
    }
}
