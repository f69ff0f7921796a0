package io.fluxbase.mcp.cli.storage;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.connection.ConnectionOptions;
import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import io.fluxbase.mcp.cli.json.CliJson;
import io.fluxbase.mcp.cli.output.Csv;
import io.fluxbase.mcp.cli.output.OutputOptions;
import io.fluxbase.mcp.cli.output.Table;
import io.fluxbase.mcp.kernel.storage.FilePath;
import java.io.PrintWriter;
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
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = FluxbaseVersion.class,
        description = "List the files in a bucket, or those under a prefix.",
        footer = {"", "Examples:", "  fluxbase storage ls docs", "  fluxbase storage ls docs/2026/ --limit 20"})
final class ListFilesCli implements Callable<Integer> {

    /** Files asked for per request; the server may send fewer and a cursor for the rest. */
    static final int PAGE_SIZE = 1000;

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "BUCKET[/PREFIX]", description = "The bucket, optionally followed by a path prefix.")
    private String location = "";

    @Option(names = "--limit", paramLabel = "N", description = "Show at most N files (default: all).")
    private @Nullable Integer limit;

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    ListFilesCli(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        BucketPath where = validLocation();
        List<JsonNode> files = new ArrayList<>();
        String cursor = null;
        try (AdminApiClient api = connection.connect(environment)) {
            do {
                int wanted = limit == null ? PAGE_SIZE : Math.min(PAGE_SIZE, limit - files.size());
                Map<String, @Nullable String> query = new LinkedHashMap<>();
                query.put("prefix", where.path().isEmpty() ? null : where.path());
                query.put("limit", Integer.toString(wanted));
                query.put("cursor", cursor);
                JsonNode page = api.get(where.bucketFilesPath(), query);
                files.addAll(CliJson.elements(page, "files"));
                cursor = CliJson.text(page, "next_cursor");
            } while (cursor != null && (limit == null || files.size() < limit));
        }
        if (limit != null && files.size() > limit) {
            files = files.subList(0, limit);
        }
        print(where, files, cursor);
        return 0;
    }

    private BucketPath validLocation() {
        if (limit != null && limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit: must be at least 1, got " + limit);
        }
        BucketPath where = BucketPath.parse(location).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "BUCKET[/PREFIX]: '" + location + "' does not start with a bucket name such as docs"));
        try {
            FilePath.checkPrefix(where.path(), "PREFIX");
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return where;
    }

    /** JSON is the API's answer with every page's files together; the cursor says where --limit stopped. */
    private void print(BucketPath where, List<JsonNode> files, @Nullable String cursor) {
        PrintWriter out = spec.commandLine().getOut();
        switch (output.format()) {
            case JSON -> {
                ObjectNode json = CliJson.MAPPER.createObjectNode().put("bucket", where.bucket());
                files.forEach(json.putArray("files")::add);
                json.put("next_cursor", cursor);
                out.println(CliJson.pretty(json));
            }
            case CSV -> out.print(Csv.render(FileViews.csv(files)));
            case TABLE -> {
                if (files.isEmpty()) {
                    out.println("no files in " + where.bucket() + (where.path().isEmpty() ? "" : " under "
                            + where.path()));
                } else {
                    out.print(Table.render(FileViews.table(files, environment.clock().getZone())));
                }
            }
        }
        out.flush();
    }
}
