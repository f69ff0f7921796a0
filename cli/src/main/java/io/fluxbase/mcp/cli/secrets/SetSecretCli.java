package io.fluxbase.mcp.cli.secrets;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.connection.ConnectionOptions;
import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.execution.CliException;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import io.fluxbase.mcp.cli.json.CliJson;
import io.fluxbase.mcp.cli.output.Csv;
import io.fluxbase.mcp.cli.output.Grid;
import io.fluxbase.mcp.cli.output.OutputOptions;
import io.fluxbase.mcp.kernel.secret.SetSecretCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

@Command(name = "set", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = FluxbaseVersion.class,
        description = {"Set a secret (create or replace it). The value is read from standard input, so it never lands"
                + " in your shell's history, or from --value-file; one trailing newline is dropped."},
        footer = {"", "Examples:", "  fluxbase secrets set STRIPE_KEY < stripe.key",
                "  pass show stripe | fluxbase secrets set STRIPE_KEY",
                "  fluxbase secrets set STRIPE_KEY --value-file stripe.key"})
final class SetSecretCli implements Callable<Integer> {

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Upper-case letters, digits and '_' (e.g. STRIPE_KEY): how a"
            + " function reads it, ctx.env.NAME.")
    private String name = "";

    @Option(names = "--value-file", paramLabel = "FILE", description = "Read the value from FILE instead of"
            + " standard input.")
    private @Nullable Path valueFile;

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    SetSecretCli(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        String secret = SecretsCli.name(name, spec);
        byte[] value = withoutTrailingNewline(valueFile == null ? stdin() : file(valueFile));
        if (value.length == 0) {
            throw new CliException("the value is empty; give it on standard input (fluxbase secrets set " + secret
                    + " < file) or with --value-file (to remove a secret: fluxbase secrets unset " + secret + ")");
        }
        JsonNode answer;
        try (AdminApiClient api = connection.connect(environment)) {
            answer = api.putRaw(SecretsCli.path(secret), value);
        } finally {
            Arrays.fill(value, (byte) 0);
        }
        PrintWriter out = spec.commandLine().getOut();
        switch (output.format()) {
            case JSON -> out.println(CliJson.pretty(answer));
            case CSV -> out.print(Csv.render(Grid.withHeaders("name", "updated_at")
                    .row(CliJson.text(answer, "name"), CliJson.text(answer, "updated_at"))));
            case TABLE -> out.println("set secret '" + secret + "'; functions read it as ctx.env." + secret);
        }
        out.flush();
        return 0;
    }

    /** Up to one byte more than the server takes, so a larger value is refused here without reading it all. */
    private byte[] stdin() {
        try {
            InputStream in = environment.stdin();
            return checked(in.readNBytes(SetSecretCommand.MAX_VALUE_BYTES + 2), "standard input");
        } catch (IOException e) {
            throw new CliException("cannot read the value from standard input: " + e.getMessage(), e);
        }
    }

    private static byte[] file(Path file) {
        try {
            if (Files.isDirectory(file)) {
                throw new CliException("--value-file: " + file + " is a directory; give the path of a file");
            }
            if (Files.size(file) > SetSecretCommand.MAX_VALUE_BYTES + 2) {
                throw tooLarge("--value-file " + file);
            }
            return checked(Files.readAllBytes(file), "--value-file " + file);
        } catch (NoSuchFileException e) {
            throw new CliException("--value-file: " + file + " does not exist");
        } catch (AccessDeniedException e) {
            throw new CliException("--value-file: cannot read " + file + ": permission denied");
        } catch (IOException e) {
            throw new CliException("--value-file: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] checked(byte[] value, String from) {
        if (withoutTrailingNewline(value).length > SetSecretCommand.MAX_VALUE_BYTES) {
            throw tooLarge(from);
        }
        return value;
    }

    private static CliException tooLarge(String from) {
        return new CliException(from + ": the value is over 64 KiB; keep a secret to a key or a token");
    }

    /** {@code echo value | fluxbase secrets set NAME} adds a newline that is no part of the value. */
    static byte[] withoutTrailingNewline(byte[] value) {
        int end = value.length;
        if (end > 0 && value[end - 1] == '\n') {
            end--;
            if (end > 0 && value[end - 1] == '\r') {
                end--;
            }
        }
        return end == value.length ? value : Arrays.copyOf(value, end);
    }
}
