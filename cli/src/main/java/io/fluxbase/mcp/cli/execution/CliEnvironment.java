package io.fluxbase.mcp.cli.execution;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * What commands read from the world outside their options, gathered in one place so tests can supply a fixed
 * environment, home directory, clock, sleeper and standard input instead of the real ones.
 */
public record CliEnvironment(Map<String, String> variables, Path userHome, Clock clock, Sleeper sleeper,
        InputStream stdin) {

    public CliEnvironment {
        variables = Map.copyOf(variables);
    }

    /** With the process's own standard input. */
    public CliEnvironment(Map<String, String> variables, Path userHome, Clock clock, Sleeper sleeper) {
        this(variables, userHome, clock, sleeper, System.in);
    }

    public static CliEnvironment system() {
        return new CliEnvironment(System.getenv(), Path.of(System.getProperty("user.home")), Clock.systemDefaultZone(),
                duration -> Thread.sleep(duration));
    }

    /** The variable's value; a blank value counts as unset, as it usually comes from {@code FOO= fluxbase ...}. */
    public Optional<String> variable(String name) {
        return Optional.ofNullable(variables.get(name)).map(String::trim).filter(value -> !value.isEmpty());
    }
}
