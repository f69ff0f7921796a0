package io.fluxbase.mcp.cli.logs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Which records to show; shared by {@code logs list} and {@code logs tail}. */
final class LogFilterOptions {

    static final List<String> CATEGORIES = List.of("mcp", "auth", "jobs", "admin");
    static final List<String> OUTCOMES = List.of("ok", "error", "denied", "rate_limited", "invalid",
            "unreadable");

    @Option(names = "--category", paramLabel = "CATEGORY", defaultValue = "mcp",
            description = "mcp (tool calls), auth (authentication attempts), jobs (attempts of background jobs) or"
                    + " admin (what the admin token did: sign-ins, db apply, key lifecycle, secrets);"
                    + " default: ${DEFAULT-VALUE}.")
    private String category = "mcp";

    @Option(names = "--key", paramLabel = "ID", description = "Only records of this client key id.")
    private @Nullable String keyId;

    @Option(names = "--tool", paramLabel = "NAME", description = "Only calls of this MCP tool.")
    private @Nullable String tool;

    @Option(names = "--status", paramLabel = "OUTCOME",
            description = "Only records with this outcome: ok, error, denied, rate_limited, invalid or unreadable"
                    + " (a record the audit log could not store, set aside).")
    private @Nullable String status;

    String category() {
        return category.trim().toLowerCase(Locale.ROOT);
    }

    /** The filter as admin API query parameters, after checking the values the server would reject anyway. */
    Map<String, @Nullable String> query(CommandSpec spec) {
        if (!CATEGORIES.contains(category())) {
            throw new ParameterException(spec.commandLine(),
                    "--category: unknown category '" + category + "'; use mcp, auth, jobs or admin");
        }
        String outcome = status == null ? null : status.trim().toLowerCase(Locale.ROOT);
        if (outcome != null && !OUTCOMES.contains(outcome)) {
            throw new ParameterException(spec.commandLine(), "--status: unknown outcome '" + status
                    + "'; use one of " + String.join(", ", OUTCOMES));
        }
        Map<String, @Nullable String> query = new LinkedHashMap<>();
        query.put("category", category());
        query.put("key", blankToNull(keyId));
        query.put("tool", blankToNull(tool));
        query.put("status", outcome);
        return query;
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
