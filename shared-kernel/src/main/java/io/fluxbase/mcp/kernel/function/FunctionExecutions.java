package io.fluxbase.mcp.kernel.function;

import java.util.List;
import java.util.Map;

/**
 * The recorded runs of functions (the read model of {@link FunctionInvokedEvent}). Blocking (JDBC); it trails the
 * command log by the projection's lag, typically milliseconds.
 */
public interface FunctionExecutions {

    /** Every function that has run, by name. */
    Map<String, FunctionActivity> activity();

    /** One function's activity, read from its own runs only. */
    FunctionActivity activity(String name);

    /** The latest runs of one function, newest first. */
    List<FunctionExecution> recent(String name, int limit);
}
