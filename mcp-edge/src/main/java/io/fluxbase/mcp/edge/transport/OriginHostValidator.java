package io.fluxbase.mcp.edge.transport;

import io.fluxbase.mcp.edge.McpSettings;
import io.fluxbase.mcp.edge.call.HttpRefusal;
import io.fluxbase.mcp.kernel.error.ErrorCode;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * DNS-rebinding protection as the transport rules ask: a browser Origin that is not allowed gets 403, a Host that is
 * not ours gets 421. Loopback names are always allowed, and so is the address the server was told to listen on
 * ({@code --host}): the operator chose it, the CLI addresses the server by it, and a rebinding page can only send its
 * own domain's name. More come from mcp.allowed_origins and mcp.allowed_hosts ({@code *} allows any host, for servers
 * behind a proxy that checks it).
 */
@Component
public class OriginHostValidator {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private static final Set<String> EVERY_ADDRESS = Set.of("", "0.0.0.0", "::", "[::]");

    private final List<String> allowedOrigins;
    private final List<String> allowedHosts;
    private final Set<String> ownNames;

    OriginHostValidator(McpSettings settings, @Value("${server.address:}") String listenAddress) {
        this.allowedOrigins = settings.mcp().allowedOriginList();
        this.allowedHosts = settings.mcp().allowedHostList();
        this.ownNames = ownNames(listenAddress);
    }

    private static Set<String> ownNames(String listenAddress) {
        String name = listenAddress.trim().toLowerCase(Locale.ROOT);
        if (EVERY_ADDRESS.contains(name)) {
            return LOOPBACK;
        }
        Set<String> names = new HashSet<>(LOOPBACK);
        // an IPv6 address comes in brackets in a Host header and a URL
        names.add(name.contains(":") && !name.startsWith("[") ? "[" + name + "]" : name);
        return Set.copyOf(names);
    }

    /** Throws an {@link HttpRefusal} (421 or 403) naming the Host or Origin and the setting that would allow it. */
    public void check(HttpHeaders headers) {
        String host = headers.getFirst(HttpHeaders.HOST);
        if (host != null && !hostAllowed(hostName(host))) {
            throw HttpRefusal.of(ErrorCode.HOST_REJECTED,
                    "Host '" + host + "' is not served here; add it to mcp.allowed_hosts if this server should"
                            + " answer to it.");
        }
        String origin = headers.getFirst(HttpHeaders.ORIGIN);
        if (origin != null && !originAllowed(origin)) {
            throw HttpRefusal.of(ErrorCode.ORIGIN_REJECTED,
                    "Origin '" + origin + "' may not call this server; add it to mcp.allowed_origins to allow it.");
        }
    }

    private boolean hostAllowed(String name) {
        return ownNames.contains(name) || allowedHosts.contains("*") || allowedHosts.contains(name);
    }

    private boolean originAllowed(String origin) {
        if (allowedOrigins.contains("*") || allowedOrigins.contains(origin)) {
            return true;
        }
        String host = originHost(origin);
        return host != null && ownNames.contains(host);
    }

    private static @Nullable String originHost(String origin) {
        try {
            String host = URI.create(origin).getHost();
            return host == null ? null : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String hostName(String hostHeader) {
        String value = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            return end < 0 ? value : value.substring(0, end + 1);
        }
        int colon = value.lastIndexOf(':');
        return colon < 0 ? value : value.substring(0, colon);
    }
}
