package io.fluxbase.mcp.kernel.function;

import java.util.List;
import java.util.Optional;

/**
 * Deployed edge functions: each deploy and delete and its event commit in one transaction. Blocking (JDBC); callers
 * on an event loop hand it to a blocking scheduler. {@link FunctionNotFound} names the deployed functions.
 */
public interface FunctionDeployments {

    DeployedFunction deploy(DeployFunctionCommand command);

    /** Returns the version that was live. */
    int delete(String name);

    Optional<DeployedFunction> find(String name);

    List<DeployedFunction> list();
}
