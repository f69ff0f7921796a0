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
        // Netty tracks one buffer in 128 for leaks, capturing a stack trace each time: a debugging aid that cost the
        // server tens of stack captures a second under load. -Dio.netty.leakDetection.level=simple turns it back on.
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            System.setProperty("io.netty.leakDetection.level", "disabled");
        }
        CommandLine commandLine = FluxbaseCli.commandLine();
        commandLine.addSubcommand("start", new StartCli());
        commandLine.addSubcommand("train", new TrainCli());
        System.exit(commandLine.execute(args));
    }
}
