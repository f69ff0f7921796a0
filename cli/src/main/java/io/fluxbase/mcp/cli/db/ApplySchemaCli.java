package io.fluxbase.mcp.cli.db;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.connection.ConnectionOptions;
import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.execution.CliException;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import io.fluxbase.mcp.cli.json.CliJson;
import io.fluxbase.mcp.cli.output.Csv;
import io.fluxbase.mcp.cli.output.Grid;
import io.fluxbase.mcp.cli.output.OutputOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

@Command(name = "apply", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = FluxbaseVersion.class,
        description = "Run the SQL statements of a schema file against the database.",
        footer = {"", "Example:", "  fluxbase db apply --file schema.sql"})
final class ApplySchemaCli implements Callable<Integer> {

    static final String PATH = "/admin/v1/db/apply";
    /** Schema changes can take a while on a big table; the default request timeout would cut them off. */
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The SQL file to apply.")
    private Path file = Path.of("");

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    ApplySchemaCli(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        String sql = readSql();
        PrintWriter err = spec.commandLine().getErr();
        JsonNode answer;
        try (AdminApiClient api = connection.connect(environment)) {
            // Progress goes to stderr so stdout stays clean for -o json / csv.
            err.print("applying " + file + " ... ");
            err.flush();
            try {
                answer = api.post(PATH, new ApplySchemaRequest(sql, file.toString()), TIMEOUT);
            } catch (RuntimeException e) {
                err.println("failed");
                err.flush();
                throw e;
            }
            err.println("done");
            err.flush();
        }
        String statements = CliJson.text(answer, "statements");
        PrintWriter out = spec.commandLine().getOut();
        switch (output.format()) {
            case TABLE -> out.println("applied " + statements + " statement" + ("1".equals(statements) ? "" : "s")
                    + " from " + file);
            case JSON -> out.println(CliJson.pretty(answer));
            case CSV -> out.print(Csv.render(Grid.withHeaders("statements").row(statements)));
        }
        out.flush();
        return 0;
    }

    /** Reads the whole file first, so a wrong path fails before anything is sent. */
    private String readSql() {
        String sql;
        try {
            if (Files.isDirectory(file)) {
                throw new CliException("--file: " + file + " is a directory; give the path of a .sql file");
            }
            sql = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CliException("--file: " + file + " does not exist");
        } catch (AccessDeniedException e) {
            throw new CliException("--file: cannot read " + file + ": permission denied");
        } catch (CharacterCodingException e) {
            throw new CliException("--file: " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new CliException("--file: cannot read " + file + ": " + e.getMessage(), e);
        }
        if (sql.isBlank()) {
            throw new CliException("--file: " + file + " is empty; nothing to apply");
        }
        return sql;
    }
}
