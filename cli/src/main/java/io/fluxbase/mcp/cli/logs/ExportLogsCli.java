package io.fluxbase.mcp.cli.logs;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.connection.AdminApiLines;
import io.fluxbase.mcp.cli.connection.ConnectionOptions;
import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.execution.CliException;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import io.fluxbase.mcp.cli.json.CliJson;
import io.fluxbase.mcp.cli.output.Csv;
import io.fluxbase.mcp.cli.output.OutputFormat;
import io.fluxbase.mcp.kernel.chain.ExportLines;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = FluxbaseVersion.class,
        description = {"Export the command log for a time range to a file, with its chain fields and the signed"
                + " checkpoints covering it, so that 'logs verify --file' can verify the file on its own.",
                "The file appears only when the export is complete."},
        footer = {"", "Example:",
                "  fluxbase logs export --since 30d --format jsonl --output last-month.jsonl"})
final class ExportLogsCli implements Callable<Integer> {

    enum Format { jsonl, csv }

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Option(names = "--since", required = true, paramLabel = "WHEN",
            description = "From this time: a duration such as 30d, or an RFC 3339 time.")
    private String since = "";

    @Option(names = "--until", paramLabel = "WHEN", description = "Up to this time (exclusive); default: now.")
    private @Nullable String until;

    @Option(names = "--category", paramLabel = "CATEGORY",
            description = "Only records the audit log files under this category (mcp, auth, jobs).")
    private @Nullable String category;

    @Option(names = "--key", paramLabel = "KEY", description = "Only records of this client key (id or name).")
    private @Nullable String key;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "jsonl",
            description = "jsonl or csv; default: ${DEFAULT-VALUE}.")
    private Format format = Format.jsonl;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "The file to write.")
    private Path output;

    @Option(names = "-o", paramLabel = "FORMAT", defaultValue = "table", converter = OutputFormat.Converter.class,
            description = "How to print the summary: table or json (default: ${DEFAULT-VALUE}).")
    private OutputFormat summaryFormat = OutputFormat.TABLE;

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    ExportLogsCli(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        Path target = output.toAbsolutePath();
        Path partial = partialFile(target);
        Map<String, Long> counts = new LinkedHashMap<>(Map.of("records", 0L, "checkpoints", 0L));
        ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), "exporting");
        boolean complete = false;
        try (BufferedWriter file = Files.newBufferedWriter(partial, StandardCharsets.UTF_8);
                AdminApiClient api = connection.connect(environment)) {
            if (format == Format.csv) {
                file.write(Csv.line(ExportLines.COLUMNS));
            }
            Map<String, @Nullable String> query = new LinkedHashMap<>();
            query.put("since", since);
            query.put("until", until);
            query.put("category", category);
            query.put("key", key);
            new AdminApiLines(api).read("GET", LogsCli.PATH + "/export", query, null, line -> {
                if (line.has("progress")) {
                    bar.show(line.path("progress").path("done").asLong(), line.path("progress").path("total").asLong());
                    return;
                }
                String kind = line.propertyNames().iterator().next();
                if (kind.equals(ExportLines.RECORD) || kind.equals(ExportLines.CHECKPOINT)) {
                    counts.merge(kind.equals(ExportLines.RECORD) ? "records" : "checkpoints", 1L, Long::sum);
                }
                write(file, kind, line);
            });
            complete = true;
        } catch (IOException | UncheckedIOException e) {
            throw new CliException("--output: cannot write " + target + ": " + e.getMessage());
        } finally {
            bar.end();
            if (!complete) {
                deleteQuietly(partial);
            }
        }
        try {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(partial);
            throw new CliException("--output: cannot write " + target + ": " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (summaryFormat == OutputFormat.JSON) {
            out.println(CliJson.pretty(CliJson.MAPPER.valueToTree(Map.of("file", target.toString(), "format",
                    format.name(), "records", counts.get("records"), "checkpoints", counts.get("checkpoints")))));
        } else {
            out.println("exported " + counts.get("records") + " records and " + counts.get("checkpoints")
                    + " checkpoints to " + target);
        }
        out.flush();
        return 0;
    }

    /** Beside the target, so the final rename stays on one file system; refused early when it cannot be written. */
    private static Path partialFile(Path target) {
        try {
            return Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".partial");
        } catch (IOException | UnsupportedOperationException e) {
            String reason = e instanceof java.nio.file.NoSuchFileException ? "the directory "
                    + target.getParent() + " does not exist"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied in " + target.getParent()
                    : e.getMessage();
            throw new CliException("--output: cannot write " + target + ": " + reason
                    + "; name a file in a directory you can write");
        }
    }

    private void write(BufferedWriter file, String kind, JsonNode line) {
        try {
            if (format == Format.jsonl) {
                file.write(CliJson.compact(line));
                file.write('\n');
                return;
            }
            JsonNode fields = line.path(kind);
            List<@Nullable String> cells = new ArrayList<>();
            for (String column : ExportLines.COLUMNS) {
                cells.add(column.equals("kind") ? kind : fields.path(column).isNull() || fields.path(column)
                        .isMissingNode() ? null : fields.path(column).asString());
            }
            file.write(Csv.line(cells));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // nothing more to do: the message about the failure that got us here matters more
        }
    }
}
