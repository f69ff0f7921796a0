package io.fluxbase.mcp.cli.execution;

import java.lang.reflect.Constructor;
import picocli.CommandLine;

/** Builds commands, handing the {@link CliEnvironment} to those whose constructor asks for it. */
public final class CliFactory implements CommandLine.IFactory {

    private final CliEnvironment environment;

    public CliFactory(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        Constructor<K> constructor;
        try {
            constructor = type.getDeclaredConstructor(CliEnvironment.class);
        } catch (NoSuchMethodException noEnvironmentNeeded) {
            return CommandLine.defaultFactory().create(type);
        }
        constructor.trySetAccessible();
        return constructor.newInstance(environment);
    }
}
