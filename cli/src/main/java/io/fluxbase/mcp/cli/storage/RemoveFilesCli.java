package io.fluxbase.mcp.cli.storage;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.connection.ConnectionOptions;
import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.execution.CliException;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import io.fluxbase.mcp.cli.json.CliJson;
import io.fluxbase.mcp.cli.output.Csv;
import io.fluxbase.mcp.cli.output.Grid;
import io.fluxbase.mcp.cli.output.OutputOptions;
import io.fluxbase.mcp.kernel.storage.FilePath;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

@Command(name = "rm", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = FluxbaseVersion.class,
        description = "Delete files from a bucket. Exits with 1 when any of them was not there.",
        footer = {"", "Example:", "  fluxbase storage rm docs/2026/a.pdf docs/2026/b.pdf"})
final class RemoveFilesCli implements Callable<Integer> {

    /** As many paths as one batch delete request takes. */
    static final int MAX_PATHS = 100;

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "BUCKET/PATH", description = "Files of one bucket, up to 100.")
    private List<String> files = new ArrayList<>();

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    RemoveFilesCli(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        List<BucketPath> targets = validTargets();
        String bucket = targets.getFirst().bucket();
        JsonNode answer;
        try (AdminApiClient api = connection.connect(environment)) {
            answer = targets.size() == 1
                    ? api.delete(targets.getFirst().filePath(), Map.of())
                    : api.post(targets.getFirst().bucketFilesPath() + "/delete",
                            Map.of("paths", targets.stream().map(BucketPath::path).toList()));
        }
        List<String> notFound = CliJson.elements(answer, "not_found").stream().map(JsonNode::asString).toList();
        print(bucket, answer);
        if (!notFound.isEmpty()) {
            throw new CliException("not found in bucket '" + bucket + "': " + String.join(", ", notFound));
        }
        return 0;
    }

    private List<BucketPath> validTargets() {
        if (files.size() > MAX_PATHS) {
            throw new ParameterException(spec.commandLine(), "at most " + MAX_PATHS + " files at a time, got "
                    + files.size());
        }
        List<BucketPath> targets = new ArrayList<>();
        for (String file : files) {
            BucketPath target = BucketPath.parse(file).filter(parsed -> !parsed.path().isEmpty()).orElseThrow(() -> new ParameterException(spec.commandLine(),
                    "'" + file + "' is not BUCKET/PATH, e.g. docs/report.pdf"));
            try {
                FilePath.check(target.path(), "'" + file + "'");
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            if (!targets.isEmpty() && !targets.getFirst().bucket().equals(target.bucket())) {
                throw new ParameterException(spec.commandLine(), "all files must be in one bucket; '" + file
                        + "' is not in " + targets.getFirst().bucket());
            }
            targets.add(target);
        }
        return targets;
    }

    private void print(String bucket, JsonNode answer) {
        PrintWriter out = spec.commandLine().getOut();
        List<String> removed = CliJson.elements(answer, "removed").stream()
                .map(file -> String.valueOf(CliJson.text(file, "path"))).toList();
        switch (output.format()) {
            case JSON -> out.println(CliJson.pretty(answer));
            case CSV -> {
                Grid grid = Grid.withHeaders("bucket", "path", "outcome");
                removed.forEach(path -> grid.row(bucket, path, "removed"));
                CliJson.elements(answer, "not_found").forEach(path -> grid.row(bucket, path.asString(), "not_found"));
                out.print(Csv.render(grid));
            }
            case TABLE -> removed.forEach(path -> out.println("removed " + bucket + "/" + path));
        }
        out.flush();
    }
}
