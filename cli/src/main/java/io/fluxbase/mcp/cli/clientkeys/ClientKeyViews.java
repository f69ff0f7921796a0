package io.fluxbase.mcp.cli.clientkeys;

import io.fluxbase.mcp.cli.json.CliJson;
import io.fluxbase.mcp.cli.output.Grid;
import io.fluxbase.mcp.cli.output.Table;
import io.fluxbase.mcp.cli.output.TimeDisplay;
import java.time.Instant;
import java.time.ZoneId;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** How client keys look in each output format. */
final class ClientKeyViews {

    static final String HEADER_NAME = "X-Client-Key";

    private ClientKeyViews() {
    }

    static Grid table(List<ClientKey> keys, Instant now, ZoneId zone) {
        Grid grid = Grid.withHeaders("ID", "NAME", "TYPE", "STATUS", "SCOPES", "LAST USED", "EXPIRES");
        for (ClientKey key : keys) {
            grid.row(key.id(), key.name(), key.type(), key.status(), String.join(",", key.scopes()),
                    orElse(TimeDisplay.relative(key.lastUsedAt(), now), "never"),
                    orElse(TimeDisplay.local(key.expiresAt(), zone), "never"));
        }
        return grid;
    }

    /** Every field under its API name, so scripts can rely on the header; {@code key} only when one was issued. */
    static Grid csv(List<JsonNode> keys) {
        boolean withPlaintext = keys.stream().anyMatch(key -> key.has("key"));
        List<String> fields = new ArrayList<>(ClientKey.FIELDS);
        if (withPlaintext) {
            fields.add("key");
        }
        Grid grid = Grid.withHeaders(fields);
        for (JsonNode key : keys) {
            grid.row(fields.stream().map(field -> CliJson.text(key, field)).toList());
        }
        return grid;
    }

    static String details(ClientKey key, Instant now, ZoneId zone) {
        List<Map.Entry<String, @Nullable String>> fields = new ArrayList<>();
        fields.add(entry("ID", key.id()));
        fields.add(entry("Name", key.name()));
        fields.add(entry("Type", key.type()));
        fields.add(entry("Status", key.status()));
        fields.add(entry("Scopes", String.join(", ", key.scopes())));
        fields.add(entry("User", key.userId()));
        fields.add(entry("Prefix", key.prefix()));
        fields.add(entry("Created", TimeDisplay.local(key.createdAt(), zone)));
        fields.add(entry("Expires", orElse(TimeDisplay.local(key.expiresAt(), zone), "never")));
        if (key.revokedAt() != null) {
            fields.add(entry("Revoked", TimeDisplay.local(key.revokedAt(), zone)));
        }
        fields.add(entry("Last used", orElse(TimeDisplay.relative(key.lastUsedAt(), now), "never")));
        fields.add(entry("Rate limit", key.rateLimitPerMin() == null ? "server default"
                : key.rateLimitPerMin() + " requests/min"));
        return Table.details(fields);
    }

    /** The plaintext is shown once, so say so plainly and give the line to paste into an MCP client's config. */
    static String plaintextNotice(String plaintext) {
        return "\n"
                + "Client key (shown only now; it will not be shown again, so store it safely):\n"
                + "  " + plaintext + "\n"
                + "MCP clients send it in this HTTP header:\n"
                + "  " + HEADER_NAME + ": " + plaintext + "\n";
    }

    private static Map.Entry<String, @Nullable String> entry(String label, @Nullable String value) {
        return new SimpleEntry<>(label, value);
    }

    private static String orElse(@Nullable String value, String fallback) {
        return value == null ? fallback : value;
    }
}
