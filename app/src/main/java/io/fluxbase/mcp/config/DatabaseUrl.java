package io.fluxbase.mcp.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** A PostgreSQL location as users write it ({@code postgresql://user:pass@host:5432/db}, optionally {@code jdbc:}). */
public record DatabaseUrl(String host, int port, String database, String user, String password) {

    public static DatabaseUrl parse(String text) {
        String raw = text.startsWith("jdbc:") ? text.substring(5) : text;
        URI uri;
        try {
            uri = URI.create(raw);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("database.url: cannot read '" + redacted(text)
                    + "'; use postgresql://user:password@host:5432/database, with reserved characters in the"
                    + " password percent-encoded (% as %25, @ as %40, : as %3A, a space as %20)");
        }
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("database.url: '" + redacted(text)
                    + "' is not a PostgreSQL URL; use postgresql://user:password@host:5432/database");
        }
        String user = "postgres";
        String password = "";
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : "";
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        return new DatabaseUrl(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(),
                path.isEmpty() ? "postgres" : path, user, password);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** What {@code psql} accepts, password included: shown only to the server's owner. */
    public String psqlUrl() {
        String auth = password.isEmpty() ? user : user + ":" + encode(password);
        return "postgresql://" + auth + "@" + host + ":" + port + "/" + database;
    }

    /**
     * The text with everything after the user name up to the last {@code @} masked: a URL that fails to parse is
     * often one whose password holds a character it should have encoded (an {@code @}, a {@code :}, a {@code %}).
     */
    static String redacted(String text) {
        int start = text.indexOf("://");
        int at = text.lastIndexOf('@');
        if (start < 0 || at < start) {
            return text;
        }
        int colon = text.indexOf(':', start + 3);
        return colon < 0 || colon > at ? text : text.substring(0, colon + 1) + "***" + text.substring(at);
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }

    private static String encode(String part) {
        return java.net.URLEncoder.encode(part, StandardCharsets.UTF_8);
    }
}
