package io.fluxbase.mcp.cli.compliance;

import io.fluxbase.mcp.cli.execution.CommandGroup;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import picocli.CommandLine.Command;

@Command(name = "compliance", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = FluxbaseVersion.class,
        description = "Reports for compliance owners: who had access, what they did, what was refused or changed.",
        subcommands = {ComplianceReportCli.class})
public final class ComplianceCli extends CommandGroup {

    static final String PATH = "/admin/v1/compliance/report";
}
