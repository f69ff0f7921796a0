package io.fluxbase.mcp.cli.jobs;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.execution.CommandGroup;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import picocli.CommandLine.Command;

@Command(name = "jobs", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = FluxbaseVersion.class,
        description = "List background jobs, show one with its steps, cancel and retry.",
        subcommands = {
                ListJobsCli.class,
                GetJobCli.class,
                CancelJobCli.class,
                RetryJobCli.class,
        })
public final class JobsCli extends CommandGroup {

    static final String PATH = "/admin/v1/jobs";

    /** The admin API path of one job, or of an action on it. */
    static String path(String id, String... action) {
        return PATH + "/" + AdminApiClient.segment(id) + (action.length == 0 ? "" : "/" + action[0]);
    }
}
