package io.fluxbase.mcp.function;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hosts a function's {@code fetch} may reach ({@code functions.allowed_hosts}): {@code api.example.com} allows
 * that host on any port, {@code api.example.com:8443} on that port only. Nothing else is reachable, so a function
 * cannot probe the server's network.
 */
public final class AllowedHosts {

    public static final String SETTING = "functions.allowed_hosts";

    /** A host name, an IPv4 address or a bracketed IPv6 address, then an optional port. */
    private static final Pattern ENTRY = Pattern.compile("([a-z0-9]([a-z0-9.-]*[a-z0-9])?|\\[[0-9a-f:.]+\\])"
            + "(:(\\d{1,5}))?");

    private record Entry(String host, int port) {

        static final int ANY_PORT = -1;

        boolean allows(String host, int port) {
            return this.host.equals(host) && (this.port == ANY_PORT || this.port == port);
        }

        @Override
        public String toString() {
            return port == ANY_PORT ? host : host + ":" + port;
        }
    }

    private final List<Entry> entries;

    private AllowedHosts(List<Entry> entries) {
        this.entries = entries;
    }

    public static AllowedHosts none() {
        return new AllowedHosts(List.of());
    }

    /**
     * @param setting named in the message when an entry is not a host: a scheme, a path or an empty entry is refused
     *                rather than guessed at, since a wrong guess would allow another host than meant
     */
    public static AllowedHosts parse(String text, String setting) {
        if (text.isBlank()) {
            return none();
        }
        return new AllowedHosts(Arrays.stream(text.split(",", -1)).map(entry -> entry(entry, setting)).toList());
    }

    private static Entry entry(String text, String setting) {
        String entry = text.strip().toLowerCase(Locale.ROOT);
        if (entry.isEmpty()) {
            throw new IllegalArgumentException(setting + ": an empty entry in '" + text + "'; list host names"
                    + " separated by commas, such as api.example.com,hooks.example.com:8443");
        }
        Matcher matcher = ENTRY.matcher(entry);
        int port = matcher.matches() && matcher.group(4) != null ? Integer.parseInt(matcher.group(4)) : Entry.ANY_PORT;
        if (!matcher.matches() || port == 0 || port > 65_535) {
            throw new IllegalArgumentException(setting + ": '" + entry + "' is not a host name or host:port (no"
                    + " scheme such as https://, no path); write e.g. api.example.com or api.example.com:8443");
        }
        return new Entry(matcher.group(1), port);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Whether {@code uri} (http or https, with a host) is on the list; its port defaults from the scheme. */
    boolean allows(URI uri) {
        String host = hostOf(uri);
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return entries.stream().anyMatch(entry -> entry.allows(host, port));
    }

    static String hostOf(URI uri) {
        return String.valueOf(uri.getHost()).toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return String.join(",", entries.stream().map(Entry::toString).toList());
    }
}
