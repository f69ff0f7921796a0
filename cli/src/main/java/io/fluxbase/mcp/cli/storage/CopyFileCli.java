package io.fluxbase.mcp.cli.storage;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.connection.ConnectionOptions;
import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import io.fluxbase.mcp.cli.json.CliJson;
import io.fluxbase.mcp.cli.output.Csv;
import io.fluxbase.mcp.cli.output.Grid;
import io.fluxbase.mcp.cli.output.OutputFormat;
import io.fluxbase.mcp.cli.output.OutputOptions;
import io.fluxbase.mcp.kernel.storage.FilePath;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "cp", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = FluxbaseVersion.class,
        description = "Copy a file from this machine into a bucket, or from a bucket to this machine.",
        footer = {"", "The bucket side is written BUCKET/PATH; write a local path that could be read as one with ./",
                "", "Examples:",
                "  fluxbase storage cp ./report.pdf docs/2026/report.pdf",
                "  fluxbase storage cp docs/2026/report.pdf ./downloads/"})
final class CopyFileCli implements Callable<Integer> {

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SRC", description = "A local file, or BUCKET/PATH.")
    private String source = "";

    @Parameters(index = "1", paramLabel = "DST", description = "BUCKET/PATH, or a local file or directory.")
    private String target = "";

    @Option(names = "--upsert", description = "Replace a file already at the bucket path (uploads only).")
    private boolean upsert;

    @Option(names = "--content-type", paramLabel = "TYPE",
            description = "Content type to store an upload with (default: guessed from the file name).")
    private @Nullable String contentType;

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    CopyFileCli(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        CopySides sides = validSides();
        PrintWriter out = spec.commandLine().getOut();
        try (AdminApiClient api = connection.connect(environment)) {
            if (sides.direction() == CopySides.Direction.UPLOAD) {
                BucketPath to = FileUpload.target(sides.remote(), sides.local());
                JsonNode stored = FileUpload.run(api, sides.local(), to, contentType, upsert,
                        size -> progress("uploading " + to, size));
                printUpload(out, sides.local(), to, stored);
            } else {
                Path to = FileDownload.target(sides.local(), target, sides.remote());
                FileDownload.Result written = FileDownload.run(api, sides.remote(), to,
                        size -> progress("downloading " + sides.remote(), size));
                printDownload(out, sides.remote(), written);
            }
        }
        out.flush();
        return 0;
    }

    /** Checks the paths and that the options fit the direction before anything is read or sent. */
    private CopySides validSides() {
        CopySides sides;
        try {
            sides = CopySides.resolve(source, target, environment);
            String path = sides.remote().path();
            boolean folder = sides.direction() == CopySides.Direction.UPLOAD && (path.isEmpty() || path.endsWith("/"));
            if (!folder) {
                FilePath.check(path, sides.direction() == CopySides.Direction.UPLOAD ? "DST" : "SRC");
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (sides.direction() == CopySides.Direction.DOWNLOAD && (upsert || contentType != null)) {
            throw new ParameterException(spec.commandLine(), (upsert ? "--upsert" : "--content-type")
                    + " only applies to uploads; " + source + " is read from a bucket");
        }
        if (contentType != null && !contentType.strip().matches("[\\w.+-]+/[\\w.+-]+(\\s*;.*)?")) {
            throw new ParameterException(spec.commandLine(),
                    "--content-type: '" + contentType + "' is not a content type such as text/plain or image/png");
        }
        return sides;
    }

    /** A bar only for people: scripts reading JSON or CSV get a quiet stderr. */
    private TransferProgress progress(String label, long total) {
        return new TransferProgress(spec.commandLine().getErr(), environment.clock(),
                output.format() == OutputFormat.TABLE, label, total);
    }

    private void printUpload(PrintWriter out, Path from, BucketPath to, JsonNode stored) {
        switch (output.format()) {
            case JSON -> out.println(CliJson.pretty(stored));
            case CSV -> out.print(Csv.render(Grid.withHeaders("bucket", "path", "size", "content_type", "sha256")
                    .row(CliJson.text(stored, "bucket"), CliJson.text(stored, "path"), CliJson.text(stored, "size"),
                            CliJson.text(stored, "content_type"), CliJson.text(stored, "sha256"))));
            case TABLE -> out.println("uploaded " + from + " to " + to + " ("
                    + HumanBytes.of(stored.path("size").asLong(0)) + ", " + CliJson.text(stored, "content_type")
                    + ")");
        }
    }

    private void printDownload(PrintWriter out, BucketPath from, FileDownload.Result written) {
        switch (output.format()) {
            case JSON -> {
                ObjectNode json = CliJson.MAPPER.createObjectNode()
                        .put("bucket", from.bucket()).put("path", from.path()).put("file", written.file().toString())
                        .put("size", written.size()).put("content_type", written.contentType())
                        .put("sha256", written.sha256());
                out.println(CliJson.pretty(json));
            }
            case CSV -> out.print(Csv.render(Grid.withHeaders("bucket", "path", "file", "size", "content_type",
                    "sha256").row(from.bucket(), from.path(), written.file().toString(),
                    Long.toString(written.size()), written.contentType(), written.sha256())));
            case TABLE -> out.println("downloaded " + from + " to " + written.file() + " ("
                    + HumanBytes.of(written.size()) + ", SHA-256 checked)");
        }
    }
}
