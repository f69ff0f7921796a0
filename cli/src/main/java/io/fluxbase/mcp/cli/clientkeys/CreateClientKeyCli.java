package io.fluxbase.mcp.cli.clientkeys;

import io.fluxbase.mcp.cli.connection.AdminApiClient;
import io.fluxbase.mcp.cli.connection.ConnectionOptions;
import io.fluxbase.mcp.cli.execution.CliEnvironment;
import io.fluxbase.mcp.cli.execution.FluxbaseVersion;
import io.fluxbase.mcp.cli.output.OutputOptions;
import io.fluxbase.mcp.kernel.clientkey.KeyType;
import io.fluxbase.mcp.kernel.clientkey.Scope;
import io.fluxbase.mcp.kernel.time.TimeSpec;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

@Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = FluxbaseVersion.class,
        description = "Create a client key. The key itself is printed once and cannot be shown again.",
        footer = {"", "Example:",
                "  fluxbase clientkeys create --name ci-bot --type anon --scopes read:tables,read:schema"})
final class CreateClientKeyCli implements Callable<Integer> {

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final CliEnvironment environment;

    @Spec
    private CommandSpec spec;

    @Option(names = "--name", required = true, paramLabel = "NAME",
            description = "A name to recognise the key by in lists and logs, e.g. ci-bot.")
    private String name = "";

    @Option(names = "--type", required = true, paramLabel = "TYPE", completionCandidates = KeyTypeNames.class,
            description = "${COMPLETION-CANDIDATES}: anon keys run under row-level security; service keys bypass it.")
    private String type = "";

    @Option(names = "--scopes", required = true, paramLabel = "SCOPE[,SCOPE...]", completionCandidates = ScopeNames.class,
            description = "What the key may do, comma-separated: ${COMPLETION-CANDIDATES}.")
    private String scopes = "";

    @Option(names = "--user", paramLabel = "UUID",
            description = "Bind the key to this user id (anon keys then run as that authenticated user).")
    private @Nullable String userId;

    @Option(names = "--expires", paramLabel = "WHEN",
            description = "When the key stops working: a duration such as 30d or an RFC 3339 time (default: never).")
    private @Nullable String expires;

    @Option(names = "--rate-limit", paramLabel = "N",
            description = "Maximum requests per minute for this key (default: the server's limit).")
    private @Nullable Integer rateLimitPerMin;

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    private OutputOptions output = new OutputOptions();

    CreateClientKeyCli(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        CreateClientKeyRequest request = validRequest();
        try (AdminApiClient api = connection.connect(environment)) {
            JsonNode created = api.post(ClientKeysCli.PATH, request);
            ClientKeyPrinter.print(created, output.format(), spec.commandLine().getOut(), environment, null);
        }
        return 0;
    }

    /** Checks every option before any request, so mistakes are reported with the valid values right away. */
    CreateClientKeyRequest validRequest() {
        if (name.isBlank()) {
            throw usageError("--name: must not be empty");
        }
        KeyType keyType;
        List<String> scopeNames;
        try {
            keyType = KeyType.parse(type);
        } catch (IllegalArgumentException e) {
            throw usageError("--type: " + e.getMessage());
        }
        try {
            scopeNames = Scope.parseList(scopes).stream().map(Scope::wireName).toList();
        } catch (IllegalArgumentException e) {
            throw usageError("--scopes: " + e.getMessage());
        }
        if (userId != null && !UUID_TEXT.matcher(userId.trim()).matches()) {
            throw usageError("--user: '" + userId + "' is not a UUID such as 123e4567-e89b-12d3-a456-426614174000");
        }
        if (expires != null) {
            try {
                TimeSpec.pointInFuture(expires, environment.clock().instant(), "--expires");
            } catch (IllegalArgumentException e) {
                throw usageError(e.getMessage());
            }
        }
        if (rateLimitPerMin != null && rateLimitPerMin <= 0) {
            throw usageError("--rate-limit: must be a positive number of requests per minute, got " + rateLimitPerMin);
        }
        // The server gets --expires as typed, so a duration counts from the server's clock, not this machine's.
        return new CreateClientKeyRequest(name.trim(), keyType.wireName(), scopeNames,
                userId == null ? null : userId.trim().toLowerCase(Locale.ROOT),
                expires == null ? null : expires.trim(), rateLimitPerMin);
    }

    private ParameterException usageError(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
