package io.fluxbase.mcp.cli.execution;

import picocli.CommandLine;

/** Reads the version Maven writes into the jar manifest; a build from the IDE has none. */
public final class FluxbaseVersion implements CommandLine.IVersionProvider {

    public static String current() {
        String version = FluxbaseVersion.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"fluxbase " + current()};
    }
}
