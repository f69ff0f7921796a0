package io.fluxbase.mcp.cli.compliance;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.connection.ConnectionOptions;
import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.execution.CliException;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import io.fluxbase.mcp.cli.json.CliJson;
import io.fluxbase.mcp.cli.output.OutputFormat;
import io.fluxbase.mcp.kernel.compliance.ComplianceReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = FluxbaseVersion.class,
        description = {"Write the compliance report of a period: key inventory, access per key, tool and table, denials and"
                + " rate limiting, data changes per table, admin actions, functions and jobs run, with charts in"
                + " the HTML form (inline SVG: the file opens offline)."},
        footer = {"", "Example:", "  fluxbase compliance report --since 30d --format html --output report.html"})
final class ComplianceReportCli implements Callable<Integer> {

    /** The server verifies the period's chain before it answers: about 20 s per million records here. */
    static final Duration REPORT_TIMEOUT = Duration.ofMinutes(30);

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Option(names = "--since", paramLabel = "WHEN", defaultValue = "30d",
            description = "Start of the period: a duration back such as 30d, or an RFC 3339 time;"
                    + " default: ${DEFAULT-VALUE}.")
    private String since = "30d";

    @Option(names = "--until", paramLabel = "WHEN",
            description = "End of the period (not included), as --since; default: now.")
    private @Nullable String until;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "html, md or json; default: from the output file's extension.")
    private @Nullable String format;

    @Option(names = "--output", paramLabel = "FILE", required = true,
            description = "The file to write; it is replaced whole or left as it was.")
    private String output = "";

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    // -o alone: --output names the report's file here, not the format of what the command prints
    @Option(names = "-o", paramLabel = "FORMAT", defaultValue = "table", converter = OutputFormat.Converter.class,
            completionCandidates = OutputFormat.Names.class,
            description = "What the command prints: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private OutputFormat printed = OutputFormat.TABLE;

    ComplianceReportCli(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        ReportFormat reportFormat;
        try {
            reportFormat = ReportFormat.of(format, output);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Path target = Path.of(output).toAbsolutePath();
        Path folder = target.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new CliException("--output: cannot write " + output + ": folder " + folder
                    + " does not exist; create it or choose another path");
        }
        Map<String, @Nullable String> query = new LinkedHashMap<>();
        query.put("since", since);
        query.put("until", until);
        JsonNode answer;
        try (AdminApiClient api = connection.connect(environment)) {
            answer = api.get(ComplianceCli.PATH, query, REPORT_TIMEOUT);
        }
        ComplianceReport report = CliJson.MAPPER.treeToValue(answer, ComplianceReport.class);
        String text = switch (reportFormat) {
            case HTML -> Html.render(report);
            case MD -> Markdown.render(report);
            case JSON -> CliJson.pretty(answer) + "\n";
        };
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(target, bytes);
        PrintWriter out = spec.commandLine().getOut();
        ComplianceReport.Totals totals = report.totals();
        switch (printed) {
            case JSON -> out.println(CliJson.pretty(CliJson.MAPPER.valueToTree(Map.of("output", target.toString(),
                    "format", reportFormat.wireName(), "bytes", bytes.length, "since", report.since().toString(),
                    "until", report.until().toString(), "totals", totals))));
            case TABLE, CSV -> out.println("wrote " + output + " (" + reportFormat.wireName() + ", " + bytes.length
                    + " bytes): " + totals.calls() + " calls, " + totals.denied() + " denied, "
                    + totals.rateLimited() + " rate limited, " + totals.rowsChanged() + " rows changed, "
                    + totals.adminActions() + " admin actions, " + report.keys().size() + " keys");
        }
        out.flush();
        return 0;
    }

    /** Written beside the target and moved into place: a failure leaves no partial file and the old one intact. */
    private void write(Path target, byte[] bytes) {
        Path partial = null;
        try {
            partial = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".part");
            Files.write(partial, bytes);
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            deleteQuietly(partial);
            throw new CliException("--output: cannot write " + output + " (" + e.getMessage()
                    + "); choose a path you can write, nothing was written", e);
        }
    }

    private static void deleteQuietly(@Nullable Path partial) {
        try {
            if (partial != null) {
                Files.deleteIfExists(partial);
            }
        } catch (IOException ignored) {
            // the temporary name starts with a dot; nothing else to do
        }
    }
}
