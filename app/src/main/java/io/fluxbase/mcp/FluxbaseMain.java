package io.fluxbase.mcp;

import io.fluxbase.mcp.cli.FluxbaseCli;
import io.fluxbase.mcp.server.StartCli;
import io.fluxbase.mcp.server.TrainCli;
import picocli.CommandLine;

/** The jar's entry point: {@code start} runs the server; every other command is the admin CLI. */
public final class FluxbaseMain {

    private FluxbaseMain() {
    }

    public static void main(String[] args) {
        // Axon 4.13 phones home at start-up unless told not to; this machine (and many users') has no such route.
        System.setProperty("axoniq.update-checker.disabled", "true");
        CommandLine commandLine = FluxbaseCli.commandLine();
        commandLine.addSubcommand("start", new StartCli());
        commandLine.addSubcommand("train", new TrainCli());
        System.exit(commandLine.execute(args));
    }
}
