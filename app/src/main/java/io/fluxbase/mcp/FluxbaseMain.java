package io.fluxbase.mcp;

import io.fluxbase.mcp.cli.FluxbaseCli;
import io.fluxbase.mcp.server.StartCli;
import picocli.CommandLine;

/** The jar's entry point: {@code start} runs the server; every other command is the admin CLI. */
public final class FluxbaseMain {

    private FluxbaseMain() {
    }

    public static void main(String[] args) {
        CommandLine commandLine = FluxbaseCli.commandLine();
        commandLine.addSubcommand("start", new StartCli());
        int exit = commandLine.execute(args);
        boolean serverRan = args.length > 0 && args[0].equals("start") && exit == 0;
        if (!serverRan) {
            System.exit(exit);
        }
        System.exit(0);
    }
}
